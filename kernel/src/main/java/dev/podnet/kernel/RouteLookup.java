package dev.podnet.kernel;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ip route get}: the route the namespace's FIB picks for one packet, as iproute2 prints it
 * (e.g. {@code 10.244.2.5 via 10.244.2.0 dev podnet.1 src 10.244.1.0 uid 0}).
 */
public final class RouteLookup {
  private RouteLookup() {}

  /** The decision, or the kernel's refusal (e.g. {@code RTNETLINK answers: Network is unreachable}) as {@link Result#error}. */
  public record Result(String route, String error) {
    public boolean found() {
      return error.isEmpty();
    }

    /** The {@code dev} the route leaves through, if it names one. */
    public Optional<String> dev() {
      return word("dev");
    }

    /** The {@code via} gateway, if any. */
    public Optional<String> via() {
      return word("via");
    }

    private Optional<String> word(String key) {
      String[] w = route.trim().split("\\s+");
      for (int i = 0; i + 1 < w.length; i++) {
        if (w[i].equals(key)) {
          return Optional.of(w[i + 1]);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * The route for a packet to {@code dst}; with {@code iif} and {@code from} as a forwarded packet
   * arriving on that device would see it (policy and source-specific routes included).
   */
  public static Result get(Netns netns, InetAddress dst, Optional<InetAddress> from, Optional<String> iif) {
    List<String> argv = new ArrayList<>(IpKernel.nsenter(netns));
    argv.addAll(List.of("ip", "route", "get", dst.getHostAddress()));
    from.ifPresent(f -> argv.addAll(List.of("from", f.getHostAddress())));
    iif.ifPresent(i -> argv.addAll(List.of("iif", LinkNames.check(i))));
    Exec.Result r = Exec.run(argv, null);
    if (r.ok()) {
      return new Result(r.stdout().lines().findFirst().orElse("").strip(), "");
    }
    return new Result("", r.stderr().strip());
  }
}

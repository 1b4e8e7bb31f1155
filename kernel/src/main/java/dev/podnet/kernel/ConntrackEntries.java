package dev.podnet.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads connection-tracking entries of one namespace: {@code conntrack -L} filtered by protocol
 * and a port on either side of the original direction, as the lines conntrack prints them.
 */
public final class ConntrackEntries {
  private ConntrackEntries() {}

  /**
   * Entries whose original source or destination port is {@code port} ({@code proto}: tcp,
   * udp); icmp entries have no ports and are listed whole. Empty when there are none.
   */
  public static List<String> list(Netns netns, String proto, int port) {
    List<String> out = new ArrayList<>();
    if (proto.equals("icmp")) {
      out.addAll(run(netns, "-p", "icmp"));
      return out;
    }
    out.addAll(run(netns, "-p", proto, "--orig-port-src", Integer.toString(port)));
    out.addAll(run(netns, "-p", proto, "--orig-port-dst", Integer.toString(port)));
    return out;
  }

  private static List<String> run(Netns netns, String... match) {
    List<String> argv = new ArrayList<>(IpKernel.nsenter(netns));
    argv.addAll(List.of("conntrack", "-L", "-f", "ipv4"));
    argv.addAll(List.of(match));
    Exec.Result r = Exec.run(argv, null);
    if (!r.ok()) {
      throw new KernelException("list conntrack " + String.join(" ", match), netns, r.stderr());
    }
    return r.stdout().lines().filter(l -> !l.isBlank()).toList();
  }
}

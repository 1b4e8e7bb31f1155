package dev.podnet.kernel;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One ICMP echo from inside a namespace, by iputils' {@code ping}: Java sockets cannot send ICMP. */
public final class Ping {
  private Ping() {}

  /** What came back: {@code answered}, and ping's words (its reply line or its error). */
  public record Result(boolean answered, String text) {}

  public static Result once(Netns netns, InetAddress dst, Duration wait) {
    List<String> argv = new ArrayList<>(IpKernel.nsenter(netns));
    argv.addAll(List.of("ping", "-n", "-c", "1", "-W", Long.toString(Math.max(1, wait.toSeconds())), dst.getHostAddress()));
    Exec.Result r = Exec.run(argv, null, wait.plusSeconds(5));
    String text = (r.stdout() + r.stderr()).lines()
        .filter(l -> l.contains("bytes from") || l.contains("Unreachable") || l.contains("unreachable") || l.startsWith("ping:"))
        .findFirst().orElse(r.ok() ? "answered" : "no answer within " + wait.toSeconds() + " s");
    return new Result(r.ok(), text.strip());
  }
}

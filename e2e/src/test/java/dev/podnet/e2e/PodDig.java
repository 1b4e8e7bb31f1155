package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** dig in one pod through the CLI, over UDP or TCP, with one retry after a 1 s time-out. */
record PodDig(Podnet podnet, String pod) {

  /**
   * {@code dig +short}; {@code proto} "udp" or "tcp". Sorted lines of the answer; dig's own
   * ";;" lines (a first try that timed out, answered by the retry the issue allows) are not part of it.
   */
  Set<String> dig(String proto, String... query) {
    Podnet.Result r = podnet.ok(argv(proto, "+short", query));
    return new TreeSet<>(r.out().lines().filter(l -> !l.isBlank() && !l.startsWith(";;")).toList());
  }

  /** The rcode dig reports ("NOERROR", "NXDOMAIN", ...). */
  String status(String proto, String... query) {
    String out = podnet.ok(argv(proto, "+noshort", query)).out();
    int at = out.indexOf("status: ");
    assertThat(at).as("dig output: %s", out).isNotNegative();
    return out.substring(at + 8, out.indexOf(',', at));
  }

  private String[] argv(String proto, String format, String... query) {
    List<String> argv = new ArrayList<>(List.of("exec", pod, "--", "dig", format, "+tries=2", "+time=1", proto.equals("tcp") ? "+tcp" : "+notcp"));
    argv.addAll(Arrays.asList(query));
    return argv.toArray(String[]::new);
  }

  /**
   * The addresses of a +short answer: through the search path, autopath may answer the first
   * suffix with a CNAME to the name found further down, which +short prints first.
   */
  static Set<String> addresses(Set<String> shortAnswer) {
    Set<String> out = new TreeSet<>(shortAnswer);
    out.removeIf(l -> l.endsWith("."));
    return out;
  }
}

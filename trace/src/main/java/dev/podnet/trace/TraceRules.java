package dev.podnet.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * The probe's own nftables table, one per namespace on the path. Its prerouting and output chains
 * run at priority -350, before conntrack (-200) and the proxy's DNAT (-100), and set {@code meta
 * nftrace} on the probe's packets only, so every later chain of every table reports them to
 * {@code nft monitor trace}. Its empty input, forward and postrouting chains at 350, after every
 * NAT, make the kernel report the packet as it finally leaves or is delivered. A table of its own
 * (named after the probe's port, so two traces never share one) is removed whole afterwards and
 * leaves the proxy's tables untouched.
 */
final class TraceRules {
  static final String FAMILY = "ip";
  private static final int EARLY = -350;
  private static final int LATE = 350;
  /** After conntrack's lookup (-200), before DNAT (-100): the connection's original tuple is known. */
  private static final int AFTER_CONNTRACK = -150;

  private TraceRules() {}

  static String table(int probePort) {
    return "podnet-trace-" + probePort;
  }

  /**
   * The table's script for one namespace. TCP and UDP probes are matched by their source port on
   * the way out and as destination port on the way back; ICMP has no port, the echo is matched by
   * its sender's address and type. Past the FROM namespace a masquerade may have changed the
   * probe's port, so there the packets to and from the possible endpoints are reported too (for
   * TCP only SYNs and RSTs; the trace keeps only the probe's own, by {@link ProbeFlow}), and a chain after conntrack reports every packet
   * of the probe's connection whatever NAT did to it.
   */
  static String script(String proto, int probePort, String sourceIp, List<String> endpoints) {
    List<String> marks = new ArrayList<>();
    List<String> connection = new ArrayList<>();
    if (proto.equals("icmp")) {
      marks.add("ip saddr " + sourceIp + " icmp type echo-request");
      marks.add("icmp type echo-reply ip daddr " + sourceIp);
    } else {
      marks.add("meta l4proto " + proto + " th sport " + probePort);
      marks.add("meta l4proto " + proto + " th dport " + probePort);
      connection.add("meta l4proto " + proto + " ct original proto-src " + probePort);
      for (String e : endpoints) {
        int colon = e.lastIndexOf(':');
        String ip = e.substring(0, colon);
        String port = e.substring(colon + 1);
        // TCP: only a connection's opening and its refusal, all a trace follows; the rest of a busy endpoint's traffic stays unreported
        String opening = proto.equals("tcp") ? " tcp flags & (syn | rst) != 0" : "";
        marks.add("ip daddr " + ip + " meta l4proto " + proto + " th dport " + port + opening);
        marks.add("ip saddr " + ip + " meta l4proto " + proto + " th sport " + port + opening);
      }
    }
    String t = table(probePort);
    return "table " + FAMILY + " " + t + "\n"
        + "delete table " + FAMILY + " " + t + "\n"
        + "table " + FAMILY + " " + t + " {\n"
        + chain("prerouting", "prerouting", EARLY, marks)
        + chain("output", "output", EARLY, marks)
        + chain("connection-prerouting", "prerouting", AFTER_CONNTRACK, connection)
        + chain("connection-output", "output", AFTER_CONNTRACK, connection)
        + chain("input", "input", LATE, List.of())
        + chain("forward", "forward", LATE, List.of())
        + chain("postrouting", "postrouting", LATE, List.of())
        + "}\n";
  }

  /** The FROM namespace's script: only the probe's own port (or echo), nothing else of a busy pod or node. */
  static String fromScript(String proto, int probePort, String sourceIp) {
    return script(proto, probePort, sourceIp, List.of());
  }

  private static String chain(String name, String hook, int priority, List<String> matches) {
    StringBuilder b = new StringBuilder("  chain " + name + " {\n    type filter hook " + hook + " priority " + priority + "; policy accept;\n");
    for (String m : matches) {
      b.append("    ").append(m).append(" meta nftrace set 1 comment \"podnet trace\"\n");
    }
    return b.append("  }\n").toString();
  }
}

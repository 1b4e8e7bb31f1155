package dev.podnet.trace;

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

  private TraceRules() {}

  static String table(int probePort) {
    return "podnet-trace-" + probePort;
  }

  /**
   * The table's script. TCP and UDP probes are matched by their source port on the way out and
   * as destination port on the way back: NAT rewrites the addresses on the path, the port it
   * keeps (masquerade only remaps a port already taken). ICMP has no port: the echo is matched by
   * its sender's address and type.
   */
  static String script(String proto, int probePort, String sourceIp) {
    String out;
    String back;
    if (proto.equals("icmp")) {
      out = "ip saddr " + sourceIp + " icmp type echo-request";
      back = "icmp type echo-reply ip daddr " + sourceIp;
    } else {
      out = "meta l4proto " + proto + " th sport " + probePort;
      back = "meta l4proto " + proto + " th dport " + probePort;
    }
    String marks = out + " meta nftrace set 1 comment \"podnet trace probe\"\n    " + back + " meta nftrace set 1 comment \"podnet trace reply\"\n";
    String t = table(probePort);
    return "table " + FAMILY + " " + t + "\n"
        + "delete table " + FAMILY + " " + t + "\n"
        + "table " + FAMILY + " " + t + " {\n"
        + chain("prerouting", EARLY, marks)
        + chain("output", EARLY, marks)
        + chain("input", LATE, "")
        + chain("forward", LATE, "")
        + chain("postrouting", LATE, "")
        + "}\n";
  }

  private static String chain(String hook, int priority, String rules) {
    return "  chain " + hook + " {\n    type filter hook " + hook + " priority " + priority + "; policy accept;\n"
        + (rules.isEmpty() ? "" : "    " + rules) + "  }\n";
  }
}

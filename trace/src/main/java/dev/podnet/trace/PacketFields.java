package dev.podnet.trace;

import java.util.Optional;

/** The header fields a trace's {@code packet:} line names (the ones a hop shows), read word by word. */
record PacketFields(Optional<String> iif, Optional<String> oif, String saddr, String daddr, String proto, int sport, int dport,
    String icmpType, String ipId, String tcpFlags, String window, int ttl) {

  static PacketFields parse(String text) {
    String[] w = text.trim().split("\\s+");
    String iif = null;
    String oif = null;
    String saddr = "";
    String daddr = "";
    String proto = "";
    int sport = 0;
    int dport = 0;
    String icmpType = "";
    String ipId = "";
    String flags = "";
    String window = "";
    int ttl = 0;
    for (int i = 0; i + 1 < w.length; i++) {
      String k = w[i];
      String v = w[i + 1];
      switch (k) {
        case "iif" -> iif = unquote(v);
        case "oif" -> oif = unquote(v);
        case "saddr" -> saddr = i > 0 && w[i - 1].equals("ip") ? v : saddr;
        case "daddr" -> daddr = i > 0 && w[i - 1].equals("ip") ? v : daddr;
        case "sport" -> sport = port(v, sport);
        case "dport" -> dport = port(v, dport);
        case "type" -> icmpType = i > 0 && w[i - 1].equals("icmp") ? v : icmpType;
        case "id" -> ipId = i > 0 && w[i - 1].equals("ip") ? v : ipId;
        case "ttl" -> ttl = i > 0 && w[i - 1].equals("ip") ? port(v, ttl) : ttl;
        case "window" -> window = i > 0 && w[i - 1].equals("tcp") ? v : window;
        case "flags" -> flags = i > 0 && w[i - 1].equals("tcp") && i + 2 < w.length ? w[i + 2] : flags;
        default -> { }
      }
      if ((k.equals("tcp") || k.equals("udp") || k.equals("icmp")) && (v.equals("sport") || v.equals("type") || v.equals("dport"))) {
        proto = k;
      }
    }
    return new PacketFields(Optional.ofNullable(iif), Optional.ofNullable(oif), saddr, daddr, proto, sport, dport, icmpType, ipId, flags, window, ttl);
  }

  /**
   * One packet's identity along its path: the IP ID, TCP flags and window, ICMP type survive
   * forwarding and NAT (a masquerade may change the ports, the trace id changes between hooks).
   */
  String key() {
    return proto + "/" + ipId + "/" + tcpFlags + "/" + window + "/" + icmpType;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }

  private static int port(String v, int otherwise) {
    try {
      int p = Integer.parseInt(v);
      return p >= 0 && p <= 65535 ? p : otherwise;
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /** {@code ip:port}, or the bare address for ICMP. */
  String source() {
    return proto.equals("icmp") || sport == 0 ? saddr : saddr + ":" + sport;
  }

  String destination() {
    return proto.equals("icmp") || dport == 0 ? daddr : daddr + ":" + dport;
  }
}

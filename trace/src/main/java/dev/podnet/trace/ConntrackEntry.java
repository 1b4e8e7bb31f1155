package dev.podnet.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code conntrack -L}: the original direction's addresses and the reply direction's,
 * whose difference is the NAT the kernel applied, e.g.
 * {@code tcp 6 119 TIME_WAIT src=10.244.1.3 dst=10.96.5.9 sport=61111 dport=80 src=10.244.2.2 dst=10.244.1.3 sport=8080 dport=61111 [ASSURED] mark=0 use=1}.
 */
record ConntrackEntry(String proto, String state, String origSrc, String origDst, String replySrc, String replyDst, String text) {

  /** The entry on {@code line}, or empty when it is not one (a summary line, noise). */
  static Optional<ConntrackEntry> parse(String line) {
    String[] w = line.trim().split("\\s+");
    if (w.length < 3) {
      return Optional.empty();
    }
    List<String> src = new ArrayList<>();
    List<String> dst = new ArrayList<>();
    List<String> sport = new ArrayList<>();
    List<String> dport = new ArrayList<>();
    String state = "";
    for (String word : w) {
      int eq = word.indexOf('=');
      if (eq < 0) {
        state = word.matches("[A-Z_]{3,}") && src.isEmpty() ? word : state;
        continue;
      }
      String k = word.substring(0, eq);
      String v = word.substring(eq + 1);
      switch (k) {
        case "src" -> src.add(v);
        case "dst" -> dst.add(v);
        case "sport" -> sport.add(v);
        case "dport" -> dport.add(v);
        default -> { }
      }
    }
    if (src.size() < 2 || dst.size() < 2) {
      return Optional.empty();
    }
    return Optional.of(new ConntrackEntry(w[0], state, join(src.get(0), sport, 0), join(dst.get(0), dport, 0),
        join(src.get(1), sport, 1), join(dst.get(1), dport, 1), line.strip()));
  }

  private static String join(String addr, List<String> ports, int i) {
    return ports.size() > i ? addr + ":" + ports.get(i) : addr;
  }

  /** Destination NAT: the reply comes from someone other than the original destination. */
  boolean dnat() {
    return !replySrc.equals(origDst);
  }

  /** Source NAT: the reply goes to someone other than the original source. */
  boolean snat() {
    return !replyDst.equals(origSrc);
  }

  /** How the kernel prints it for a hop: state and both directions, without counters. */
  String summary() {
    return proto + (state.isEmpty() ? "" : " " + state) + " " + origSrc + " -> " + origDst + ", reply " + replySrc + " -> " + replyDst;
  }
}

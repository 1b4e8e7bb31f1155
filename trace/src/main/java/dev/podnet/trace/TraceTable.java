package dev.podnet.trace;

import java.util.ArrayList;
import java.util.List;

/** The trace as a numbered hop table, the verdict first and the reason last. */
public final class TraceTable {
  private TraceTable() {}

  public static String render(Trace t) {
    StringBuilder b = new StringBuilder();
    b.append("trace ").append(t.from()).append(" -> ").append(t.to()).append(' ').append(t.proto())
        .append(t.port() > 0 ? "/" + t.port() : "").append(": ").append(t.verdict().toUpperCase(java.util.Locale.ROOT)).append("\n\n");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"#", "DIR", "NAMESPACE", "KIND", "DEVICE", "SRC -> DST", "AFTER NAT", "COMMENT", "DECISION"});
    for (Hop h : t.hops()) {
      String after = h.srcAfter() == null ? "" : h.srcAfter() + " -> " + h.dstAfter();
      rows.add(new String[] {Integer.toString(h.n()), h.direction().equals("request") ? "->" : "<-", h.namespace(), h.kind(), orDash(h.device()),
          h.src() + " -> " + h.dst(), after, orDash(h.comment()), h.decision()});
    }
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length - 1; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i < r.length - 1 ? String.format("%-" + width[i] + "s  ", r[i]) : r[i]);
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.append('\n').append(t.verdict()).append(": ").append(t.reason()).append('\n').toString();
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }
}

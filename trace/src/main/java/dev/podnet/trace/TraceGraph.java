package dev.podnet.trace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace as a Graphviz graph: one box per namespace the packet crossed (in order), one edge
 * per hop with its number and decision, the stopping hop in red. {@code dot -Tsvg} draws it.
 */
public final class TraceGraph {
  private TraceGraph() {}

  public static String dot(Trace t) {
    StringBuilder b = new StringBuilder("digraph trace {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
        + "  edge [fontname=\"Helvetica\", fontsize=10];\n");
    b.append("  label=").append(quote(t.from() + " -> " + t.to() + " " + t.proto() + (t.port() > 0 ? "/" + t.port() : "") + ": "
        + t.verdict() + "\\n" + t.reason())).append(";\n  labelloc=t;\n");
    Map<String, String> ids = new LinkedHashMap<>();
    for (Hop h : t.hops()) {
      ids.computeIfAbsent(h.namespace(), ns -> "n" + ids.size());
    }
    for (Map.Entry<String, String> e : ids.entrySet()) {
      String node = t.hops().stream().filter(h -> h.namespace().equals(e.getKey())).map(Hop::node).filter(n -> n != null).findFirst().orElse("");
      b.append("  ").append(e.getValue()).append(" [label=").append(quote(e.getKey() + (node.isEmpty() ? "" : "\\n(" + node + ")"))).append("];\n");
    }
    List<Hop> hops = t.hops();
    String prev = null;
    for (Hop h : hops) {
      String here = ids.get(h.namespace());
      String from = prev == null ? here : prev;
      String color = h.stops() ? "red" : h.direction().equals("reply") ? "gray40" : "black";
      b.append("  ").append(from).append(" -> ").append(here).append(" [label=").append(quote(h.n() + ". " + h.kind() + " " + shortly(h)))
          .append(", color=").append(color).append(", fontcolor=").append(color).append("];\n");
      prev = here;
    }
    return b.append("}\n").toString();
  }

  private static String shortly(Hop h) {
    String d = h.decision().length() > 60 ? h.decision().substring(0, 57) + "..." : h.decision();
    String nat = h.dstAfter() == null ? "" : "\\n" + h.src() + " -> " + h.dst() + " => " + h.srcAfter() + " -> " + h.dstAfter();
    return (h.device() == null ? "" : h.device() + ": ") + d + nat;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\\\\n", "\\n").replace("\"", "\\\"") + "\"";
  }
}

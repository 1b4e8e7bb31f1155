package dev.podnet.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace as a Graphviz graph: a box per namespace the packet crossed (left to right in path
 * order), inside it a node per hop, arrows from hop to hop; replies in gray, the hop that stopped
 * the packet in red. {@code dot -Tsvg} draws it.
 */
public final class TraceGraph {
  private TraceGraph() {}

  public static String dot(Trace t) {
    StringBuilder b = new StringBuilder("digraph trace {\n  rankdir=LR;\n  newrank=true;\n  compound=true;\n"
        + "  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\", fontsize=10];\n"
        + "  edge [fontname=\"Helvetica\", fontsize=9];\n");
    b.append("  label=").append(quote(t.from() + " -> " + t.to() + " " + t.proto() + (t.port() > 0 ? "/" + t.port() : "") + ": "
        + t.verdict() + "\n" + t.reason())).append(";\n  labelloc=t;\n  fontname=\"Helvetica\";\n");
    Map<String, List<Hop>> byNamespace = new LinkedHashMap<>();
    for (Hop h : t.hops()) {
      byNamespace.computeIfAbsent(h.namespace(), ns -> new ArrayList<>()).add(h);
    }
    int cluster = 0;
    for (Map.Entry<String, List<Hop>> e : byNamespace.entrySet()) {
      String node = e.getValue().get(0).node();
      b.append("  subgraph cluster_").append(cluster++).append(" {\n    label=").append(quote(e.getKey() + (node == null ? "" : "\n(" + node + ")")))
          .append(";\n    style=rounded;\n    color=steelblue;\n");
      for (Hop h : e.getValue()) {
        String color = h.stops() ? "red" : h.direction().equals("reply") ? "gray40" : "black";
        b.append("    h").append(h.n()).append(" [label=").append(quote(label(h))).append(", color=").append(color).append(", fontcolor=")
            .append(color).append("];\n");
      }
      b.append("  }\n");
    }
    for (int i = 1; i < t.hops().size(); i++) {
      Hop h = t.hops().get(i);
      String color = h.direction().equals("reply") ? "gray60" : "black";
      b.append("  h").append(t.hops().get(i - 1).n()).append(" -> h").append(h.n()).append(" [color=").append(color).append("];\n");
    }
    return b.append("}\n").toString();
  }

  private static String label(Hop h) {
    String d = h.decision().length() > 48 ? h.decision().substring(0, 45) + "..." : h.decision();
    StringBuilder l = new StringBuilder(h.n() + ". " + h.kind() + (h.device() == null ? "" : " " + h.device()));
    if (h.comment() != null) {
      l.append("\n").append(h.comment());
    }
    l.append("\n").append(d);
    if (h.dstAfter() != null) {
      l.append("\n").append(h.src()).append(" -> ").append(h.dst()).append("\n=> ").append(h.srcAfter()).append(" -> ").append(h.dstAfter());
    }
    return l.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}

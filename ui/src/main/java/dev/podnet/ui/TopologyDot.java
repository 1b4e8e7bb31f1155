package dev.podnet.ui;

import java.util.List;

/**
 * The topology as a Graphviz digraph (what {@code podnet get topology -o dot} prints and {@code -o svg}
 * lays out): one box per node holding its pods on the node's bridge, the node LAN under the nodes,
 * Services above with dashed edges to their endpoints, LoadBalancer IPs with the node announcing them.
 * The element ids are the map's ({@code pod/NS/NAME}, {@code svc/NS/NAME}, {@code node/NAME}), so
 * an svg can be read against a trace.
 */
public final class TopologyDot {
  private TopologyDot() {}

  public static String render(Topology t) {
    StringBuilder out = new StringBuilder();
    out.append("digraph podnet {\n")
        .append("  graph [fontname=\"Helvetica\", fontsize=12, rankdir=TB, newrank=true, nodesep=0.3, ranksep=0.6, label=")
        .append(quote("podnet cluster " + t.cluster())).append(", labelloc=t];\n")
        .append("  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", fillcolor=\"#eef2f7\", color=\"#8a99ad\"];\n")
        .append("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#8a99ad\", arrowsize=0.6];\n");
    out.append("  lan [label=\"node LAN\", shape=box, style=filled, fillcolor=\"#4a6a92\", fontcolor=white, width=8];\n");
    for (Topology.Node n : t.nodes()) {
      node(out, t, n);
    }
    if (t.outside() != null) {
      out.append("  outside [label=").append(quote(lines("outside", t.outside().address())))
          .append(", shape=ellipse, fillcolor=\"#fff4e0\", color=\"#c77d12\"];\n  outside -> lan [dir=none];\n");
    }
    out.append("  { rank=same; lan; ").append(t.outside() != null ? "outside; " : "").append("}\n");
    for (Topology.Service s : t.services()) {
      service(out, t, s);
    }
    return out.append("}\n").toString();
  }

  private static void node(StringBuilder out, Topology t, Topology.Node n) {
    String anchor = "node/" + n.name();
    out.append("  subgraph ").append(quote("cluster_" + n.name())).append(" {\n")
        .append("    label=").append(quote(n.name() + (n.ready() ? "" : " (NotReady)"))).append("; style=\"rounded\"; color=\"#4a6a92\";\n")
        .append("    ").append(quote(anchor)).append(" [label=").append(quote(lines("bridge cni0 · pods " + n.podCIDR(), "eth0 " + n.internalIP())))
        .append(", fillcolor=\"#dde6f2\", color=\"#4a6a92\"];\n");
    for (Topology.Pod p : t.pods()) {
      if (p.node().equals(n.name()) && !p.hostNetwork()) {
        out.append("    ").append(quote("pod/" + p.id())).append(" [label=").append(quote(lines(p.id(), p.ip().isEmpty() ? "no IP yet" : p.ip())))
            .append(p.ready() ? ", fillcolor=\"#dff0e3\", color=\"#3c8c55\"" : ", fillcolor=\"#f6efd9\", color=\"#b58a1b\"").append("];\n")
            .append("    ").append(quote("pod/" + p.id())).append(" -> ").append(quote(anchor)).append(" [dir=none, label=\"veth\"];\n");
      }
    }
    out.append("  }\n  ").append(quote(anchor)).append(" -> lan [dir=none];\n");
  }

  private static void service(StringBuilder out, Topology t, Topology.Service s) {
    String id = "svc/" + s.namespace() + "/" + s.name();
    List<String> ports = s.ports().stream().map(p -> p.port() + "/" + p.protocol() + (p.nodePort() != 0 ? ":" + p.nodePort() : "")).toList();
    out.append("  ").append(quote(id)).append(" [label=").append(quote(lines("svc " + s.namespace() + "/" + s.name(), s.type() + " " + s.clusterIP(),
        String.join(" ", ports)))).append(", fillcolor=\"#e3e6fa\", color=\"#4b55b5\"];\n");
    for (Topology.Endpoint e : s.endpoints()) {
      boolean onMap = t.pods().stream().anyMatch(p -> p.id().equals(e.pod()) && !p.hostNetwork());
      String target = onMap ? "pod/" + e.pod() : t.nodes().stream().anyMatch(n -> n.name().equals(e.node())) ? "node/" + e.node() : "";
      if (!target.isEmpty()) {
        out.append("  ").append(quote(id)).append(" -> ").append(quote(target)).append(" [style=dashed, color=\"#7b83c9\"")
            .append(e.ready() ? "" : ", label=\"not ready\"").append("];\n");
      }
    }
    for (String ip : s.loadBalancerIPs()) {
      String lb = "lb/" + ip;
      out.append("  ").append(quote(lb)).append(" [label=").append(quote("LB " + ip)).append(", shape=diamond, fillcolor=\"#fbe3f0\", color=\"#a3337a\"];\n")
          .append("  ").append(quote(lb)).append(" -> ").append(quote(id)).append(";\n");
      if (!s.announcer().isEmpty()) {
        out.append("  ").append(quote(lb)).append(" -> ").append(quote("node/" + s.announcer()))
            .append(" [style=dotted, color=\"#a3337a\", label=\"ARP\", constraint=false];\n");
      }
    }
  }

  private static String lines(String... parts) {
    return String.join("\n", List.of(parts).stream().filter(p -> !p.isBlank()).toList());
  }

  /** A DOT quoted string: backslash and quote escaped, line breaks as DOT's centred \n. */
  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}

package dev.podnet.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceOutputTest {
  static final Trace REJECTED = new Trace("pod/default/a", "svc/default/empty", "tcp", 80, "rejected",
      "REJECT: Service default/empty:80 has no ready endpoint at hop 2 in pn-x-node-1", List.of(
          new Hop(1, "request", "node-1", "pn-x-default.a", "route", "eth0", "route: 10.107.168.21 via 10.244.1.1 dev eth0", null,
              "10.244.1.3:61000", "10.107.168.21:80", null, null),
          new Hop(2, "request", "node-1", "pn-x-node-1", "reject", "cni0", "REJECT: Service default/empty:80 has no ready endpoint",
              "default/empty:80", "10.244.1.3:61000", "10.107.168.21:80", null, null)));

  @Test
  void theTableNumbersHopsAndEndsWithTheReason() {
    String t = TraceTable.render(REJECTED);
    assertThat(t).startsWith("trace pod/default/a -> svc/default/empty tcp/80: REJECTED\n");
    assertThat(t.lines().filter(l -> l.matches("^[12] .*"))).hasSize(2);
    assertThat(t).contains("default/empty:80").endsWith("rejected: REJECT: Service default/empty:80 has no ready endpoint at hop 2 in pn-x-node-1\n");
  }

  @Test
  void theGraphBoxesEachNamespaceAndDrawsTheStoppingHopRed() {
    String dot = TraceGraph.dot(REJECTED);
    assertThat(dot).contains("subgraph cluster_0").contains("subgraph cluster_1").contains("label=\"pn-x-node-1\\n(node-1)\"");
    assertThat(dot).contains("h1 -> h2");
    assertThat(dot.lines().filter(l -> l.contains("h2 [")).findFirst().orElseThrow()).contains("color=red");
  }
}

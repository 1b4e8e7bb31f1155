package dev.podnet.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopologyDotTest {
  private final Topology topology = TopologyReader.read("lab", TopologyReaderTest.cluster(), new Topology.Outside("172.18.0.254"));

  @Test
  void podsAreDrawnInsideTheirNodesBoxOnTheBridge() {
    String dot = TopologyDot.render(topology);
    String node2 = dot.substring(dot.indexOf("subgraph \"cluster_node-2\""), dot.indexOf("}", dot.indexOf("subgraph \"cluster_node-2\"")));
    assertThat(node2).contains("\"pod/default/web-b\" [label=\"default/web-b\\n10.244.1.5\"", "\"pod/default/web-b\" -> \"node/node-2\"")
        .contains("eth0 172.18.0.3").doesNotContain("client");
    assertThat(dot).doesNotContain("pod/default/pending");
  }

  @Test
  void servicesPointAtTheirEndpointsAndLoadBalancerIpsAtTheAnnouncingNode() {
    String dot = TopologyDot.render(topology);
    assertThat(dot).contains("\"svc/default/web\" -> \"pod/default/web-b\" [style=dashed")
        .contains("\"lb/172.18.255.200\" -> \"svc/default/web\"")
        .contains("\"lb/172.18.255.200\" -> \"node/node-2\" [style=dotted")
        .contains("LoadBalancer 10.96.0.20\\n80/TCP:30080")
        .contains("outside [label=\"outside\\n172.18.0.254\"");
  }

  @Test
  void quotesInNamesCannotEndTheDotString() {
    assertThat(TopologyDot.quote("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\nd\"");
  }

  @Test
  void graphvizLaysTheMapOutAsSvgWithEveryObject() {
    String svg = Graphviz.svg(TopologyDot.render(topology));
    assertThat(svg).startsWith("<?xml").contains("<svg").contains("<title>pod/default/web&#45;b</title>").contains("LB 172.18.255.200").contains("node LAN");
  }
}

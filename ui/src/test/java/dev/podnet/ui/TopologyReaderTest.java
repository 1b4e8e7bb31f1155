package dev.podnet.ui;

import static dev.podnet.ui.Objects.assigned;
import static dev.podnet.ui.Objects.node;
import static dev.podnet.ui.Objects.pod;
import static dev.podnet.ui.Objects.service;
import static dev.podnet.ui.Objects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyReaderTest {

  static ClusterObjects cluster() {
    return new ClusterObjects(
        List.of(node("node-2", "172.18.0.3", "10.244.1.0/24", true), node("node-1", "172.18.0.2", "10.244.0.0/24", false)),
        List.of(pod("default", "web-b", "node-2", "10.244.1.5"), pod("default", "client", "node-1", "10.244.0.4"),
            pod("default", "pending", "", "")),
        List.of(service("default", "web", "LoadBalancer", "10.96.0.20", "172.18.255.200"), service("default", "empty", "ClusterIP", "10.96.0.30", "")),
        List.of(slice("default", "web", "10.244.1.5", "web-b", "node-2", true), slice("other", "web", "10.244.9.9", "x", "node-1", true)),
        List.of(assigned("default", "web", "node-1", 40), assigned("default", "web", "node-2", 57), assigned("default", "empty", "node-1", 60)));
  }

  @Test
  void nodesCarryTheirLanAddressPodCidrAndReadiness() {
    Topology t = TopologyReader.read("c", cluster(), new Topology.Outside(""));
    assertThat(t.nodes()).containsExactly(new Topology.Node("node-1", "172.18.0.2", "10.244.0.0/24", false),
        new Topology.Node("node-2", "172.18.0.3", "10.244.1.0/24", true));
  }

  @Test
  void podsSitOnTheirNodeAndUnscheduledOnesOnNone() {
    Topology t = TopologyReader.read("c", cluster(), new Topology.Outside(""));
    assertThat(t.pods()).extracting(Topology.Pod::id, Topology.Pod::node, Topology.Pod::ip)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("default/client", "node-1", "10.244.0.4"),
            org.assertj.core.groups.Tuple.tuple("default/pending", "", ""), org.assertj.core.groups.Tuple.tuple("default/web-b", "node-2", "10.244.1.5"));
  }

  @Test
  void serviceEndpointsComeOnlyFromItsOwnNamespacesSlices() {
    Topology.Service web = TopologyReader.read("c", cluster(), new Topology.Outside("")).services().get(1);
    assertThat(web.name()).isEqualTo("web");
    assertThat(web.endpoints()).containsExactly(new Topology.Endpoint("10.244.1.5", "default/web-b", "node-2", true));
    assertThat(web.ports()).containsExactly(new Topology.Port("http", 80, "TCP", "8080", 30080));
  }

  @Test
  void theAnnouncerIsTheNodeOfTheNewestNodeAssignedEvent() {
    Topology.Service web = TopologyReader.read("c", cluster(), new Topology.Outside("")).services().get(1);
    assertThat(web.loadBalancerIPs()).containsExactly("172.18.255.200");
    assertThat(web.announcer()).isEqualTo("node-2");
  }

  @Test
  void aServiceWithoutLoadBalancerIpHasNoAnnouncerWhateverItsEvents() {
    Topology.Service empty = TopologyReader.read("c", cluster(), new Topology.Outside("")).services().get(0);
    assertThat(empty.name()).isEqualTo("empty");
    assertThat(empty.announcer()).isEmpty();
    assertThat(empty.endpoints()).isEmpty();
  }
}

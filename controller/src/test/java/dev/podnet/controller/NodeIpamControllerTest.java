package dev.podnet.controller;

import static dev.podnet.controller.TestCluster.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podnet.api.Resources;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeIpamControllerTest {
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void close() throws Exception {
    cluster.close();
  }

  private void startIpam() {
    cluster.closeLater(new NodeIpamController(cluster.store, PodCidrs.parse("10.244.0.0/16", 24))).start();
  }

  private Optional<String> cidr(String node) {
    return cluster.store.<Node>find(Resources.NODES, "", node).flatMap(NodeIpamController::podCidrOf);
  }

  @Test
  void nodesGetUniqueLowestFreeSubnetsEvenInABurst() {
    startIpam();
    for (int i = 0; i < 6; i++) {
      cluster.node("node-" + i);
    }
    await().atMost(WAIT).until(() -> cluster.store.<Node>list(Resources.NODES, "").items().stream()
        .allMatch(n -> NodeIpamController.podCidrOf(n).isPresent()));
    List<String> cidrs = cluster.store.<Node>list(Resources.NODES, "").items().stream()
        .map(n -> n.getSpec().getPodCIDR()).sorted().toList();
    assertThat(cidrs).containsExactly("10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24", "10.244.3.0/24", "10.244.4.0/24", "10.244.5.0/24");
    Node node = cluster.store.get(Resources.NODES, "", "node-0");
    assertThat(node.getSpec().getPodCIDRs()).containsExactly(node.getSpec().getPodCIDR());
  }

  @Test
  void aDeletedNodesSubnetIsFreeAgainAndExistingSubnetsStay() {
    cluster.store.create(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("manual").endMetadata()
        .withNewSpec().withPodCIDR("10.244.0.0/24").endSpec().build());
    startIpam();
    cluster.node("a");
    cluster.node("b");
    await().atMost(WAIT).until(() -> cidr("a").isPresent() && cidr("b").isPresent());
    assertThat(List.of(cidr("manual").orElseThrow(), cidr("a").orElseThrow(), cidr("b").orElseThrow()))
        .containsExactly("10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24");

    cluster.store.delete(Resources.NODES, "", "a");
    TestCluster.sleep(50);
    cluster.node("c");
    await().atMost(WAIT).until(() -> cidr("c").isPresent());
    assertThat(cidr("c")).contains("10.244.1.0/24");
  }

  @Test
  void aFullClusterCidrLeavesTheNodeWithoutASubnetUntilOneIsFreed() {
    cluster.closeLater(new NodeIpamController(cluster.store, PodCidrs.parse("10.244.0.0/23", 24))).start();
    cluster.node("a");
    cluster.node("b");
    await().atMost(WAIT).until(() -> cidr("a").isPresent() && cidr("b").isPresent());
    cluster.node("c");
    TestCluster.sleep(200);
    assertThat(cidr("c")).isEmpty();
    String freed = cidr("a").orElseThrow();
    cluster.store.delete(Resources.NODES, "", "a");
    await().atMost(WAIT).until(() -> cidr("c").isPresent());
    assertThat(cidr("c")).contains(freed);
  }
}

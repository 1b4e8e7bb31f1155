package dev.podnet.controller;

import static dev.podnet.controller.TestCluster.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podnet.api.Resources;
import dev.podnet.api.Defaults;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void close() throws Exception {
    cluster.close();
  }

  private void startScheduler() {
    cluster.closeLater(new Scheduler(cluster.store)).start();
  }

  private Pod stored(String name) {
    return cluster.store.get(Resources.PODS, TestCluster.NS, name);
  }

  private PodCondition scheduled(String name) {
    return Pods.condition(stored(name), Pods.POD_SCHEDULED).orElseThrow();
  }

  @Test
  void sixReplicasSpreadTwoTwoTwoOverThreeReadyNodes() {
    cluster.node("node-1");
    cluster.node("node-2");
    cluster.node("node-3");
    startScheduler();
    for (int i = 0; i < 6; i++) {
      cluster.pod("web-" + i, Map.of());
    }
    await().atMost(WAIT).until(() -> cluster.pods(Pods::isBound).size() == 6);
    Map<String, Long> perNode = cluster.pods().stream().collect(Collectors.groupingBy(Pods::nodeName, Collectors.counting()));
    assertThat(perNode).containsOnly(Map.entry("node-1", 2L), Map.entry("node-2", 2L), Map.entry("node-3", 2L));
    assertThat(scheduled("web-0").getStatus()).isEqualTo("True");
  }

  @Test
  void nodeSelectorIsHonoured() {
    cluster.node("node-1");
    cluster.node("node-2", true, Map.of("disk", "ssd"));
    startScheduler();
    cluster.pod("by-label", Map.of("disk", "ssd"));
    cluster.pod("by-host", Map.of("kubernetes.io/hostname", "node-1"));
    await().atMost(WAIT).until(() -> cluster.pods(Pods::isBound).size() == 2);
    assertThat(Pods.nodeName(stored("by-label"))).isEqualTo("node-2");
    assertThat(Pods.nodeName(stored("by-host"))).isEqualTo("node-1");
  }

  @Test
  void aPodThatFitsNowhereStaysPendingWithTheReasonAndIsBoundWhenANodeFits() {
    cluster.node("node-1");
    cluster.node("node-2");
    cluster.node("node-3");
    startScheduler();
    cluster.pod("picky", Map.of("disk", "ssd"));
    await().atMost(WAIT).until(() -> Pods.condition(stored("picky"), Pods.POD_SCHEDULED).isPresent());
    PodCondition c = scheduled("picky");
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("Unschedulable");
    assertThat(c.getMessage()).isEqualTo("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.");
    assertThat(stored("picky").getStatus().getPhase()).isEqualTo("Pending");

    cluster.node("node-4", true, Map.of("disk", "ssd"));
    await().atMost(WAIT).until(() -> Pods.isBound(stored("picky")));
    assertThat(Pods.nodeName(stored("picky"))).isEqualTo("node-4");
    assertThat(scheduled("picky").getStatus()).isEqualTo("True");
  }

  @Test
  void withoutNodesThePodIsUnschedulableWithUpstreamsWording() {
    startScheduler();
    cluster.pod("lonely", Map.of());
    await().atMost(WAIT).until(() -> Pods.condition(stored("lonely"), Pods.POD_SCHEDULED).isPresent());
    assertThat(scheduled("lonely").getMessage()).isEqualTo("no nodes available to schedule pods");
  }

  @Test
  void notReadyAndUnschedulableNodesAreSkipped() {
    cluster.node("node-1", false, Map.of());
    cluster.node("node-2");
    cluster.store.<io.fabric8.kubernetes.api.model.Node>guaranteedUpdate(Resources.NODES, "", "node-2", n -> {
      n.getSpec().setUnschedulable(true);
      return n;
    });
    startScheduler();
    cluster.pod("waiting", Map.of());
    await().atMost(WAIT).until(() -> Pods.condition(stored("waiting"), Pods.POD_SCHEDULED).isPresent());
    assertThat(scheduled("waiting").getMessage()).isEqualTo(
        "0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable.");

    cluster.node("node-3");
    for (int i = 0; i < 3; i++) {
      cluster.pod("web-" + i, Map.of());
    }
    await().atMost(WAIT).until(() -> cluster.pods(Pods::isBound).size() == 4);
    assertThat(cluster.pods()).extracting(Pods::nodeName).containsOnly("node-3");
  }

  @Test
  void aPodWhoseNodeTheUserChoseIsLeftAlone() {
    cluster.node("node-1");
    Pod pod = cluster.pod("pinned", Map.of());
    cluster.store.<Pod>guaranteedUpdate(Resources.PODS, TestCluster.NS, "pinned", p -> {
      p.getSpec().setNodeName("elsewhere");
      return p;
    });
    startScheduler();
    cluster.pod("free", Map.of());
    await().atMost(WAIT).until(() -> Pods.isBound(stored("free")));
    assertThat(Pods.nodeName(stored("pinned"))).isEqualTo("elsewhere");
    assertThat(Pods.condition(stored("pinned"), Pods.POD_SCHEDULED)).isEmpty();
    assertThat(pod.getMetadata().getUid()).isEqualTo(stored("pinned").getMetadata().getUid());
  }

  @Test
  void finishedAndTerminatingPodsDoNotLoadANode() {
    cluster.node("node-1");
    cluster.node("node-2");
    placeOn("done", "node-1", p -> p.getStatus().setPhase("Succeeded"));
    placeOn("going", "node-1", p -> p.getMetadata().setDeletionTimestamp("2030-01-01T00:00:00Z"));
    placeOn("running", "node-2", p -> p.getStatus().setPhase("Running"));
    startScheduler();
    cluster.pod("new", Map.of());
    await().atMost(WAIT).until(() -> Pods.isBound(stored("new")));
    assertThat(Pods.nodeName(stored("new"))).isEqualTo("node-1");
  }

  @Test
  void aReplicaSetsPodsSpreadOverTheNodesWhateverElseRunsThere() {
    cluster.node("node-1");
    cluster.node("node-2");
    cluster.node("node-3");
    placeOn("dns-a", "node-1", p -> p.getStatus().setPhase("Running"));
    placeOn("dns-b", "node-3", p -> p.getStatus().setPhase("Running"));
    startScheduler();
    for (int i = 0; i < 6; i++) {
      cluster.store.create(Defaults.apply(new PodBuilder().withNewMetadata().withNamespace(TestCluster.NS).withName("web-" + i)
          .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web-1234").withUid("rs-uid").withController(true)
          .endOwnerReference().endMetadata().withNewSpec().addNewContainer().withName("app").withImage("podnet/netexec").endContainer().endSpec()
          .build()));
    }
    await().atMost(WAIT).until(() -> cluster.pods(p -> Pods.isBound(p) && p.getMetadata().getName().startsWith("web-")).size() == 6);
    Map<String, Long> perNode = cluster.pods().stream().filter(p -> p.getMetadata().getName().startsWith("web-"))
        .collect(Collectors.groupingBy(Pods::nodeName, Collectors.counting()));
    assertThat(perNode).as("two pods elsewhere must not skew a ReplicaSet's spread")
        .containsOnly(Map.entry("node-1", 2L), Map.entry("node-2", 2L), Map.entry("node-3", 2L));
  }

  private void placeOn(String name, String node, java.util.function.Consumer<Pod> change) {
    cluster.pod(name, Map.of());
    cluster.store.<Pod>guaranteedUpdate(Resources.PODS, TestCluster.NS, name, p -> {
      p.getSpec().setNodeName(node);
      p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
      change.accept(p);
      return p;
    });
  }
}

package dev.podnet.controller;

import static dev.podnet.controller.TestCluster.NS;
import static dev.podnet.controller.TestCluster.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podnet.api.Resources;
import dev.podnet.controller.events.EventBroadcaster;
import io.fabric8.kubernetes.api.model.Event;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControllerEventsTest {
  private final TestCluster cluster = new TestCluster();
  private final EventBroadcaster broadcaster = new EventBroadcaster(cluster.store);

  @AfterEach
  void close() throws Exception {
    cluster.close();
    broadcaster.close();
  }

  private List<String> events(String kind) {
    return cluster.store.<Event>list(Resources.EVENTS, NS).items().stream().filter(e -> e.getInvolvedObject().getKind().equals(kind))
        .map(e -> e.getSource().getComponent() + " " + e.getType() + " " + e.getReason() + ": " + e.getMessage()).toList();
  }

  @Test
  void aRolloutLeavesTheEventsUpstreamControllersWrite() {
    cluster.node("node-1");
    cluster.runKubelet();
    cluster.closeLater(Controllers.start(cluster.store, Controllers.Config.defaults(cluster.store)
        .withRecorders(component -> broadcaster.recorder(component, ""))));
    cluster.deployment("web", 2, "RollingUpdate");
    await().atMost(WAIT).until(() -> events("Pod").size() == 2 && events("ReplicaSet").size() == 2 && events("Deployment").size() == 1);
    String rs = cluster.replicaSets().get(0).getMetadata().getName();
    assertThat(events("Deployment")).containsExactly("deployment-controller Normal ScalingReplicaSet: Scaled up replica set " + rs + " from 0 to 2");
    assertThat(events("ReplicaSet")).allMatch(e -> e.startsWith("replicaset-controller Normal SuccessfulCreate: Created pod: " + rs + "-"));
    assertThat(events("Pod")).allMatch(e -> e.matches("default-scheduler Normal Scheduled: Successfully assigned default/" + rs + "-\\w+ to node-1"));

    cluster.updateDeployment("web", d -> d.getSpec().setReplicas(1));
    await().atMost(WAIT).until(() -> events("ReplicaSet").stream().anyMatch(e -> e.contains("SuccessfulDelete: Deleted pod: " + rs + "-")));
    await().atMost(WAIT).until(() -> events("Deployment").contains(
        "deployment-controller Normal ScalingReplicaSet: Scaled down replica set " + rs + " from 2 to 1"));
  }

  @Test
  void aPodThatFitsNowhereGetsAFailedSchedulingWarning() {
    cluster.node("node-1");
    cluster.closeLater(Controllers.start(cluster.store, Controllers.Config.defaults(cluster.store)
        .withRecorders(component -> broadcaster.recorder(component, ""))));
    cluster.pod("lost", Map.of("disk", "ssd"));
    await().atMost(WAIT).until(() -> events("Pod").stream().anyMatch(e -> e.startsWith("default-scheduler Warning FailedScheduling: ")));
  }
}

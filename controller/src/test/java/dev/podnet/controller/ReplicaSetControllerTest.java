package dev.podnet.controller;

import static dev.podnet.controller.TestCluster.NS;
import static dev.podnet.controller.TestCluster.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podnet.api.PodNames;
import dev.podnet.api.Resources;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicaSetControllerTest {
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void close() throws Exception {
    cluster.close();
  }

  private void start() {
    cluster.closeLater(new ReplicaSetController(cluster.store, PodDeleter.graceful(cluster.store))).start();
  }

  private void scale(String name, int replicas) {
    cluster.store.<ReplicaSet>guaranteedUpdate(Resources.REPLICASETS, NS, name, rs -> {
      rs.getSpec().setReplicas(replicas);
      return rs;
    });
  }

  private List<Pod> live() {
    return cluster.pods(p -> !Pods.isTerminating(p));
  }

  private ReplicaSet stored(String name) {
    return cluster.store.get(Resources.REPLICASETS, NS, name);
  }

  @Test
  void keepsReplicasPodsNamedAfterItWithTheTemplatesLabelsAndItsOwnerReference() {
    ReplicaSet rs = cluster.replicaSet("web", 3);
    start();
    await().atMost(WAIT).until(() -> live().size() == 3 && stored("web").getStatus() != null
        && stored("web").getStatus().getReplicas() == 3);
    assertThat(live()).allSatisfy(p -> {
      assertThat(p.getMetadata().getName()).matches("web-[" + PodNames.ALPHABET + "]{5}");
      assertThat(p.getMetadata().getLabels()).containsEntry("app", "web");
      assertThat(OwnerRefs.isControlledBy(p, rs)).isTrue();
    });
    ReplicaSet status = stored("web");
    assertThat(status.getStatus().getFullyLabeledReplicas()).isEqualTo(3);
    assertThat(status.getStatus().getReadyReplicas()).isZero();
    assertThat(status.getStatus().getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void surplusGoesUnscheduledFirstThenNotReadyAndReadyPodsStay() {
    cluster.replicaSet("web", 4);
    start();
    await().atMost(WAIT).until(() -> live().size() == 4);
    List<Pod> pods = live();
    bind(pods.get(0), true);
    bind(pods.get(1), true);
    bind(pods.get(2), false);
    await().atMost(WAIT).until(() -> stored("web").getStatus().getReadyReplicas() == 2);

    scale("web", 3);
    await().atMost(WAIT).until(() -> live().size() == 3);
    assertThat(live()).allMatch(Pods::isBound);
    scale("web", 2);
    await().atMost(WAIT).until(() -> live().size() == 2);
    assertThat(live()).allMatch(Pods::isReady);
    await().atMost(WAIT).until(() -> stored("web").getStatus().getAvailableReplicas() == 2 && stored("web").getStatus().getReplicas() == 2);
  }

  @Test
  void aTerminatingPodIsReplacedButNotDeletedAgain() {
    cluster.replicaSet("web", 2);
    start();
    await().atMost(WAIT).until(() -> live().size() == 2);
    Pod victim = live().get(0);
    bind(victim, true);
    PodDeleter.graceful(cluster.store).delete(cluster.store.get(Resources.PODS, NS, victim.getMetadata().getName()));
    Pod terminating = cluster.store.get(Resources.PODS, NS, victim.getMetadata().getName());
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();

    await().atMost(WAIT).until(() -> live().size() == 2 && cluster.pods().size() == 3);
    scale("web", 0);
    await().atMost(WAIT).until(() -> live().isEmpty());
    Pod still = cluster.store.get(Resources.PODS, NS, victim.getMetadata().getName());
    assertThat(still.getMetadata().getResourceVersion()).isEqualTo(terminating.getMetadata().getResourceVersion());
  }

  @Test
  void aRepeatedSyncChangesNothing() {
    cluster.replicaSet("web", 3);
    start();
    await().atMost(WAIT).until(() -> live().size() == 3 && stored("web").getStatus().getReplicas() == 3);
    cluster.awaitQuiet(Duration.ofMillis(200));
    long before = cluster.store.revision();
    ReplicaSetController idle = new ReplicaSetController(cluster.store, PodDeleter.graceful(cluster.store));
    idle.sync(new ObjectKey(NS, "web"));
    idle.sync(new ObjectKey(NS, "web"));
    assertThat(cluster.store.revision()).isEqualTo(before);
  }

  private void bind(Pod pod, boolean ready) {
    cluster.store.<Pod>guaranteedUpdate(Resources.PODS, NS, pod.getMetadata().getName(), p -> {
      p.getSpec().setNodeName("node-1");
      return p;
    });
    if (ready) {
      cluster.markReady(pod);
    }
  }
}

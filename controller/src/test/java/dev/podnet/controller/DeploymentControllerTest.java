package dev.podnet.controller;

import static dev.podnet.controller.TestCluster.NS;
import static dev.podnet.controller.TestCluster.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podnet.api.PodNames;
import dev.podnet.api.Resources;
import dev.podnet.store.ListResult;
import dev.podnet.store.StoreException;
import dev.podnet.store.Watch;
import dev.podnet.store.WatchEvent;
import dev.podnet.store.WatchHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole control plane on a MemoryStore, with {@link TestCluster#runKubelet} as the node runtime. */
class DeploymentControllerTest {
  private final TestCluster cluster = new TestCluster();

  @BeforeEach
  void start() {
    cluster.node("node-1");
    cluster.node("node-2");
    cluster.node("node-3");
    cluster.closeLater(Controllers.start(cluster.store, Controllers.Config.defaults(cluster.store)));
    cluster.runKubelet();
  }

  @AfterEach
  void close() throws Exception {
    cluster.close();
  }

  private Deployment stored(String name) {
    return cluster.store.get(Resources.DEPLOYMENTS, NS, name);
  }

  private List<Pod> readyPods() {
    return cluster.pods(TestCluster::liveAndReady);
  }

  private void awaitRolledOut(String name, int replicas) {
    await().atMost(WAIT).until(() -> {
      Deployment d = stored(name);
      return d.getStatus() != null && d.getStatus().getObservedGeneration() == d.getMetadata().getGeneration()
          && d.getStatus().getUpdatedReplicas() == replicas && d.getStatus().getAvailableReplicas() == replicas
          && d.getStatus().getReplicas() == replicas && cluster.pods().size() == replicas;
    });
  }

  private void scale(String name, int replicas) {
    cluster.updateDeployment(name, d -> d.getSpec().setReplicas(replicas));
  }

  private DeploymentCondition condition(String name, String type) {
    return stored(name).getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  @Test
  void podsAreNamedDeploymentHashAndFiveCharactersAndSpreadOverNodes() {
    Deployment d = cluster.deployment("web", 6, "RollingUpdate");
    awaitRolledOut("web", 6);
    String hash = PodNames.templateHash(d.getSpec().getTemplate());
    assertThat(cluster.pods()).allSatisfy(p -> {
      assertThat(p.getMetadata().getName()).matches("web-" + hash + "-[" + PodNames.ALPHABET + "]{5}");
      assertThat(p.getMetadata().getLabels()).containsEntry("app", "web").containsEntry(PodNames.TEMPLATE_HASH_LABEL, hash);
    });
    assertThat(cluster.pods()).extracting(Pods::nodeName).containsOnly("node-1", "node-2", "node-3");
    ReplicaSet rs = cluster.store.get(Resources.REPLICASETS, NS, "web-" + hash);
    assertThat(rs.getMetadata().getAnnotations()).containsEntry(NewReplicaSet.REVISION, "1");
    assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry(PodNames.TEMPLATE_HASH_LABEL, hash);
    assertThat(OwnerRefs.isControlledBy(rs, d)).isTrue();
    assertThat(condition("web", RolloutStatus.AVAILABLE).getReason()).isEqualTo("MinimumReplicasAvailable");
    assertThat(condition("web", RolloutStatus.PROGRESSING).getReason()).isEqualTo("NewReplicaSetAvailable");
    assertThat(stored("web").getStatus().getUnavailableReplicas()).isZero();
  }

  @Test
  void scalesUpDownToZeroAndBack() {
    cluster.deployment("web", 2, "RollingUpdate");
    awaitRolledOut("web", 2);
    scale("web", 5);
    awaitRolledOut("web", 5);
    scale("web", 1);
    awaitRolledOut("web", 1);
    scale("web", 0);
    awaitRolledOut("web", 0);
    assertThat(cluster.replicaSets()).hasSize(1);
    scale("web", 3);
    awaitRolledOut("web", 3);
    assertThat(cluster.replicaSets()).hasSize(1);
  }

  @Test
  void aTemplateChangeRollsWithoutEverHavingFewerThanReplicasMinusMaxUnavailableReadyPods() {
    cluster.deployment("web", 4, "RollingUpdate");
    awaitRolledOut("web", 4);
    AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);
    Watch watch = watchReadyPods(fewest);
    Deployment changed = cluster.updateDeployment("web", d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("podnet/netexec:2"));
    awaitRolledOut("web", 4);
    watch.close();

    String hash = PodNames.templateHash(changed.getSpec().getTemplate());
    assertThat(cluster.pods()).allMatch(p -> p.getMetadata().getName().startsWith("web-" + hash + "-"));
    assertThat(fewest.get()).as("fewest Ready pods during the rollout (4 replicas, maxUnavailable 25%%)").isGreaterThanOrEqualTo(3);
    assertThat(cluster.replicaSets()).hasSize(2).allSatisfy(rs -> assertThat(rs.getSpec().getReplicas())
        .isEqualTo(rs.getMetadata().getName().endsWith(hash) ? 4 : 0));
    assertThat(stored("web").getMetadata().getAnnotations()).containsEntry(NewReplicaSet.REVISION, "2");
    assertThat(condition("web", RolloutStatus.PROGRESSING).getMessage()).isEqualTo("ReplicaSet \"web-" + hash + "\" has successfully progressed.");
  }

  @Test
  void aRolloutWhoseNewPodsNeverBecomeReadyStallsWithTheOldPodsServing() {
    cluster.deployment("web", 4, "RollingUpdate");
    awaitRolledOut("web", 4);
    cluster.kubeletMarksReady(false);
    Deployment changed = cluster.updateDeployment("web", d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("podnet/broken"));
    String hash = PodNames.templateHash(changed.getSpec().getTemplate());
    // first the stall itself (two new pods), then a quiet window to show it stays there; a quiet
    // window alone can fall before the controller has acted on a loaded machine
    await().atMost(WAIT).until(() -> cluster.pods(p -> p.getMetadata().getName().startsWith("web-" + hash)).size() == 2 && readyPods().size() == 3);
    cluster.awaitQuiet(Duration.ofMillis(300));
    // surge 1 and unavailable 1: one old pod may go, two new ones may start, and there it stops
    assertThat(readyPods()).hasSize(3).allMatch(p -> !p.getMetadata().getName().startsWith("web-" + hash));
    assertThat(cluster.pods(p -> p.getMetadata().getName().startsWith("web-" + hash))).hasSize(2);
    assertThat(stored("web").getStatus().getUnavailableReplicas()).isEqualTo(1);
    assertThat(condition("web", RolloutStatus.AVAILABLE).getStatus()).isEqualTo("True");
    assertThat(condition("web", RolloutStatus.PROGRESSING).getReason()).isEqualTo("ReplicaSetUpdated");

    cluster.kubeletMarksReady(true);
    awaitRolledOut("web", 4);
  }

  @Test
  void recreateStopsEveryOldPodBeforeStartingANewOne() {
    cluster.deployment("db", 3, "Recreate");
    awaitRolledOut("db", 3);
    String oldHash = PodNames.templateHash(stored("db").getSpec().getTemplate());
    AtomicInteger overlaps = new AtomicInteger();
    Map<String, Pod> seen = new ConcurrentHashMap<>();
    Watch watch = cluster.store.watch(Resources.PODS, NS, listInto(seen), handler(seen, () -> {
      boolean old = seen.values().stream().anyMatch(p -> p.getMetadata().getName().startsWith("db-" + oldHash));
      boolean fresh = seen.values().stream().anyMatch(p -> !p.getMetadata().getName().startsWith("db-" + oldHash));
      if (old && fresh) {
        overlaps.incrementAndGet();
      }
    }));
    cluster.updateDeployment("db", d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("podnet/netexec:2"));
    awaitRolledOut("db", 3);
    watch.close();
    assertThat(cluster.pods()).noneMatch(p -> p.getMetadata().getName().startsWith("db-" + oldHash));
    assertThat(overlaps.get()).isZero();
  }

  @Test
  void deletingTheDeploymentRemovesItsReplicaSetsAndTheirPods() {
    cluster.deployment("web", 3, "RollingUpdate");
    awaitRolledOut("web", 3);
    cluster.store.delete(Resources.DEPLOYMENTS, NS, "web");
    await().atMost(WAIT).until(() -> cluster.replicaSets().isEmpty() && cluster.pods().isEmpty());
  }

  @Test
  void oldReplicaSetsBeyondTheHistoryLimitAreRemoved() {
    cluster.deployment("web", 1, "RollingUpdate");
    cluster.updateDeployment("web", d -> d.getSpec().setRevisionHistoryLimit(1));
    awaitRolledOut("web", 1);
    for (int v = 2; v <= 4; v++) {
      String image = "podnet/netexec:" + v;
      cluster.updateDeployment("web", d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image));
      awaitRolledOut("web", 1);
    }
    await().atMost(WAIT).until(() -> cluster.replicaSets().size() == 2);
    assertThat(cluster.replicaSets()).extracting(NewReplicaSet::revision).containsExactlyInAnyOrder(3L, 4L);
  }

  @Test
  void aRepeatedSyncChangesNothing() {
    cluster.deployment("web", 3, "RollingUpdate");
    awaitRolledOut("web", 3);
    cluster.awaitQuiet(Duration.ofMillis(300));
    long before = cluster.store.revision();
    PodDeleter deleter = PodDeleter.graceful(cluster.store);
    new DeploymentController(cluster.store).sync(new ObjectKey(NS, "web"));
    ReplicaSetController rsc = new ReplicaSetController(cluster.store, deleter);
    cluster.replicaSets().forEach(rs -> rsc.sync(ObjectKey.of(rs)));
    assertThat(cluster.store.revision()).isEqualTo(before);
  }

  /** Counts live Ready pods after every single pod change, so no dip between two samples goes unseen. */
  private Watch watchReadyPods(AtomicInteger fewest) {
    Map<String, Pod> seen = new ConcurrentHashMap<>();
    return cluster.store.watch(Resources.PODS, NS, listInto(seen), handler(seen,
        () -> fewest.accumulateAndGet((int) seen.values().stream().filter(TestCluster::liveAndReady).count(), Math::min)));
  }

  /** Fills {@code seen} with the pods now, and returns the revision to watch from. */
  private long listInto(Map<String, Pod> seen) {
    ListResult<Pod> now = cluster.store.list(Resources.PODS, NS);
    now.items().forEach(p -> seen.put(p.getMetadata().getName(), p));
    return now.resourceVersion();
  }

  private static WatchHandler<Pod> handler(Map<String, Pod> seen, Runnable after) {
    return new WatchHandler<>() {
      @Override
      public void onEvent(WatchEvent<Pod> event) {
        if (event.type() == WatchEvent.Type.DELETED) {
          seen.remove(event.object().getMetadata().getName());
        } else {
          seen.put(event.object().getMetadata().getName(), event.object());
        }
        after.run();
      }

      @Override
      public void onError(StoreException error) {
        throw error;
      }
    };
  }

}

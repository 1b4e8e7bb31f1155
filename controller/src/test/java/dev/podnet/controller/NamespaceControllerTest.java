package dev.podnet.controller;

import static dev.podnet.controller.TestCluster.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podnet.api.Resources;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NamespaceControllerTest {
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void close() throws Exception {
    cluster.close();
  }

  private void fill(String ns) {
    cluster.store.create(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().withNewStatus().withPhase("Active").endStatus().build());
    cluster.store.create(new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName("settings").endMetadata().build());
    cluster.store.create(new ReplicaSetBuilder().withNewMetadata().withNamespace(ns).withName("web").endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
        .withTemplate(TestCluster.template("web", "podnet/netexec")).endSpec().build());
    cluster.store.create(new PodBuilder().withNewMetadata().withNamespace(ns).withName("bound").endMetadata()
        .withNewSpec().withNodeName("node-1").addNewContainer().withName("a").withImage("i").endContainer().endSpec().build());
  }

  /** What the API server's DELETE does to a namespace. */
  private void markDeleted(String ns) {
    cluster.store.<Namespace>guaranteedUpdate(Resources.NAMESPACES, "", ns, n -> {
      n.getMetadata().setDeletionTimestamp(Instant.now().toString());
      n.setSpec(new io.fabric8.kubernetes.api.model.NamespaceSpec(List.of(NamespaceController.FINALIZER)));
      n.getStatus().setPhase("Terminating");
      return n;
    });
  }

  @Test
  void aDeletedNamespaceIsEmptiedAndGoesOnlyOnceItsPodsHaveStopped() {
    fill("shop");
    fill("stays");
    cluster.closeLater(new NamespaceController(cluster.store, PodDeleter.graceful(cluster.store))).start();
    markDeleted("shop");
    await().atMost(WAIT).until(() -> cluster.store.list(Resources.CONFIGMAPS, "shop").items().isEmpty()
        && cluster.store.list(Resources.REPLICASETS, "shop").items().isEmpty());
    Pod bound = cluster.store.get(Resources.PODS, "shop", "bound");
    assertThat(bound.getMetadata().getDeletionTimestamp()).as("the bound pod is deleted gracefully, left to its node").isNotNull();
    TestCluster.sleep(1500);
    assertThat(cluster.store.find(Resources.NAMESPACES, "", "shop")).as("the namespace waits for its pods").isPresent();

    cluster.store.delete(Resources.PODS, "shop", "bound"); // the node runtime has stopped it
    await().atMost(WAIT).until(() -> cluster.store.find(Resources.NAMESPACES, "", "shop").isEmpty());
    assertThat(cluster.store.list(Resources.CONFIGMAPS, "stays").items()).hasSize(1);
    assertThat(cluster.store.find(Resources.PODS, "stays", "bound")).isPresent();
  }

  @Test
  void workloadsGoBeforeTheirPods() {
    assertThat(NamespaceController.namespacedTypes().subList(0, 2)).containsExactly(Resources.DEPLOYMENTS, Resources.REPLICASETS);
    assertThat(NamespaceController.namespacedTypes()).doesNotContain(Resources.NAMESPACES, Resources.NODES).contains(Resources.EVENTS);
  }

  @Test
  void aLiveNamespaceIsLeftAlone() {
    fill("shop");
    cluster.closeLater(new NamespaceController(cluster.store, PodDeleter.graceful(cluster.store))).start();
    TestCluster.sleep(300);
    cluster.awaitQuiet(Duration.ofMillis(300));
    assertThat(cluster.store.list(Resources.CONFIGMAPS, "shop").items()).hasSize(1);
  }
}

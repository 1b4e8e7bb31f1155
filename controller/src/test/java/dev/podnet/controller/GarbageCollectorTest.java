package dev.podnet.controller;

import static dev.podnet.controller.TestCluster.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podnet.api.Resources;
import dev.podnet.api.bgp.BgpSessions;
import dev.podnet.api.bgp.BgpStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The garbage collector alone on a MemoryStore, for owners that are cluster-scoped: a Node owns
 * its heartbeat Lease (namespaced, in kube-node-lease) and its BGPStatus (cluster-scoped).
 */
class GarbageCollectorTest {
  private static final String LEASES = "kube-node-lease";
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void close() throws Exception {
    cluster.close();
  }

  private void startCollector() {
    GarbageCollector gc = cluster.closeLater(new GarbageCollector(cluster.store, PodDeleter.graceful(cluster.store), new Informers(cluster.store), true));
    gc.start();
  }

  /** A reference to {@code node}, as kubelet writes it on its Lease. */
  private static OwnerReference ownedBy(Node node) {
    return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node").withName(node.getMetadata().getName())
        .withUid(node.getMetadata().getUid()).build();
  }

  private void lease(String name, List<OwnerReference> owners) {
    cluster.store.create(new LeaseBuilder().withNewMetadata().withNamespace(LEASES).withName(name).withOwnerReferences(owners).endMetadata()
        .withNewSpec().withHolderIdentity(name).endSpec().build());
  }

  private void bgpStatus(String name, List<OwnerReference> owners) {
    cluster.store.create(new BgpStatus(new ObjectMetaBuilder().withName(name).withOwnerReferences(owners).build(), BgpSessions.of(List.of())));
  }

  private boolean exists(dev.podnet.api.ResourceType type, String namespace, String name) {
    return cluster.store.find(type, namespace, name).isPresent();
  }

  @Test
  void deletingANodeDeletesItsLeaseAndBgpStatusAndNothingElse() {
    Node n1 = cluster.node("node-1");
    Node n2 = cluster.node("node-2");
    lease("node-1", List.of(ownedBy(n1)));
    bgpStatus("node-1", List.of(ownedBy(n1)));
    lease("node-2", List.of(ownedBy(n2)));
    bgpStatus("node-2", List.of(ownedBy(n2)));
    lease("unowned", List.of());
    startCollector();
    cluster.awaitQuiet(Duration.ofMillis(300));
    assertThat(cluster.store.<HasMetadata>list(Resources.LEASES, LEASES).items()).as("a live Node's Lease is found although it lives in no namespace")
        .hasSize(3);
    assertThat(cluster.store.<HasMetadata>list(Resources.BGPSTATUSES, "").items()).hasSize(2);

    cluster.store.delete(Resources.NODES, "", "node-1");

    await().atMost(WAIT).until(() -> !exists(Resources.LEASES, LEASES, "node-1") && !exists(Resources.BGPSTATUSES, "", "node-1"));
    cluster.awaitQuiet(Duration.ofMillis(300));
    assertThat(exists(Resources.LEASES, LEASES, "node-2")).isTrue();
    assertThat(exists(Resources.BGPSTATUSES, "", "node-2")).isTrue();
    assertThat(exists(Resources.LEASES, LEASES, "unowned")).isTrue();
  }

  @Test
  void aBgpStatusWrittenForANodeAlreadyGoneOrReplacedUnderItsNameIsDeleted() {
    Node old = cluster.node("node-1");
    cluster.store.delete(Resources.NODES, "", "node-1");
    cluster.node("node-1"); // registered again: a new uid
    startCollector();
    bgpStatus("node-1", List.of(ownedBy(old)));
    await().atMost(WAIT).until(() -> !exists(Resources.BGPSTATUSES, "", "node-1"));
  }

  @Test
  void anOwnerIsJudgedByKindAndGroupAndKindsNotCollectedHereAreNeverJudged() {
    OwnerReference node = new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node").build();
    OwnerReference rs = new OwnerReferenceBuilder().withApiVersion("apps/v1beta2").withKind("ReplicaSet").build();
    OwnerReference calicoPeer = new OwnerReferenceBuilder().withApiVersion("podnet.dev/v1").withKind("BGPPeer").build();
    OwnerReference foreignNode = new OwnerReferenceBuilder().withApiVersion("example.com/v1").withKind("Node").build();
    assertThat(Map.of("node", GarbageCollector.ownerKind(node), "rs", GarbageCollector.ownerKind(rs)))
        .containsEntry("node", java.util.Optional.of(Resources.NODES)).containsEntry("rs", java.util.Optional.of(Resources.REPLICASETS));
    assertThat(GarbageCollector.ownerKind(calicoPeer)).isEmpty();
    assertThat(GarbageCollector.ownerKind(foreignNode)).isEmpty();
  }
}

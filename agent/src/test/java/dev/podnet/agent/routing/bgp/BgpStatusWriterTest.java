package dev.podnet.agent.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.podnet.api.Resources;
import dev.podnet.api.bgp.BgpSession;
import dev.podnet.api.bgp.BgpStatus;
import dev.podnet.bgp.PeerStatus;
import dev.podnet.bgp.SessionState;
import dev.podnet.kernel.Ip;
import dev.podnet.store.MemoryStore;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BgpStatusWriterTest {
  private static final InetAddress RR = Ip.parse("172.18.0.2");
  private final MemoryStore store = new MemoryStore();
  private static final InetAddress EDGE = Ip.parse("172.18.0.253");
  private final AtomicReference<List<BgpStatusWriter.Reported>> now = new AtomicReference<>(List.of());
  private final AtomicReference<Map<String, List<PeerStatus>>> metalLb = new AtomicReference<>(Map.of());
  private final BgpStatusWriter writer = new BgpStatusWriter(store, new BgpStatusWriter.Source("node-2",
      () -> Stream.concat(now.get().stream(), BgpStatusWriter.Reported.metalLb(metalLb.get()).stream()).toList()));

  private void session(SessionState state, long uptimeSeconds, int received) {
    now.set(List.of(new BgpStatusWriter.Reported(new PeerStatus(RR, 64512, state, Duration.ofSeconds(uptimeSeconds), received, 1, ""), "NodePeer",
        "")));
  }

  @BeforeEach
  void register() {
    node();
  }

  private Node node() {
    return store.create(new NodeBuilder().withNewMetadata().withName("node-2").endMetadata().build());
  }

  private BgpStatus stored() {
    return store.<BgpStatus>find(Resources.BGPSTATUSES, "", "node-2").orElseThrow();
  }

  @Test
  void aStateChangeIsWrittenAtOnceButMovingCountsAndUptimeAreNot() {
    session(SessionState.ACTIVE, 0, 0);
    writer.look();
    assertThat(stored().getStatus().peers()).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo("Active");
      assertThat(s.type()).isEqualTo("NodePeer");
    });
    session(SessionState.ESTABLISHED, 1, 0);
    writer.look();
    BgpSession up = stored().getStatus().peers().get(0);
    assertThat(up.state()).isEqualTo(BgpSession.ESTABLISHED);
    assertThat(stored().getStatus().numberEstablished()).isEqualTo(1);
    String rv = stored().getMetadata().getResourceVersion();

    session(SessionState.ESTABLISHED, 5, 3);
    writer.look();
    assertThat(stored().getMetadata().getResourceVersion()).as("counts and uptime alone wait for the next counts window").isEqualTo(rv);
    assertThat(stored().getStatus().peers().get(0).since()).isEqualTo(up.since());
  }

  @Test
  void aSessionThatGoesIsWrittenAtOnce() {
    session(SessionState.ESTABLISHED, 10, 2);
    writer.look();
    now.set(List.of());
    writer.look();
    assertThat(stored().getStatus().peers()).isEmpty();
    assertThat(stored().getStatus().numberEstablished()).isZero();
  }

  @Test
  void metalLbsSessionsAreReportedBesideTheRoutingOnesWithTheirPeersName() {
    session(SessionState.ESTABLISHED, 10, 2);
    metalLb.set(Map.of("edge", List.of(new PeerStatus(EDGE, 64500, SessionState.ACTIVE, Duration.ZERO, 0, 0, ""))));
    writer.look();
    assertThat(stored().getStatus().peers()).extracting(BgpSession::type, BgpSession::peerName, BgpSession::state)
        .containsExactly(tuple("NodePeer", null, "Established"), tuple("MetalLB", "edge", "Active"));
    metalLb.set(Map.of("edge", List.of(new PeerStatus(EDGE, 64500, SessionState.ESTABLISHED, Duration.ofSeconds(1), 0, 3, ""))));
    writer.look();
    assertThat(stored().getStatus().peers().get(1)).satisfies(s -> {
      assertThat(s.state()).as("MetalLB's state change is written at once").isEqualTo(BgpSession.ESTABLISHED);
      assertThat(s.prefixesSent()).isEqualTo(3);
      assertThat(s.asNumber()).isEqualTo(64500);
    });
    assertThat(stored().getStatus().numberEstablished()).isEqualTo(2);
  }

  @Test
  void aNodeWithoutAnySessionGetsNoObject() {
    writer.look();
    assertThat(store.<BgpStatus>find(Resources.BGPSTATUSES, "", "node-2")).as("a cluster without BGP has no BGPStatus objects").isEmpty();
  }

  @Test
  void theNodeOwnsItsStatusAndNothingIsWrittenWhileTheNodeIsNotRegistered() {
    String uid = store.<Node>find(Resources.NODES, "", "node-2").orElseThrow().getMetadata().getUid();
    session(SessionState.ESTABLISHED, 10, 2);
    writer.look();
    assertThat(stored().getMetadata().getOwnerReferences()).as("deleting the Node deletes its BGPStatus (the garbage collector)")
        .extracting(OwnerReference::getApiVersion, OwnerReference::getKind, OwnerReference::getName, OwnerReference::getUid)
        .containsExactly(tuple("v1", "Node", "node-2", uid));

    store.delete(Resources.NODES, "", "node-2");
    store.delete(Resources.BGPSTATUSES, "", "node-2"); // as the garbage collector does
    session(SessionState.ACTIVE, 0, 0); // the peers drop the deleted node
    writer.look();
    assertThat(store.<BgpStatus>find(Resources.BGPSTATUSES, "", "node-2")).as("no status for a node that is not there").isEmpty();

    String again = node().getMetadata().getUid();
    writer.look();
    assertThat(stored().getStatus().peers()).singleElement().extracting(BgpSession::state).isEqualTo("Active");
    assertThat(stored().getMetadata().getOwnerReferences()).singleElement().extracting(OwnerReference::getUid).isEqualTo(again);
  }
}

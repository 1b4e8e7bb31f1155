package dev.podnet.agent.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.api.bgp.BgpConfigurationSpec;
import dev.podnet.api.bgp.BgpPeerSpec;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Ip;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SessionPlannerTest {
  private static final BgpRoutingConfig DEFAULTS = new BgpRoutingConfig(64512, 179, 9, 120, Duration.ofSeconds(30));
  private static final BgpConfigurationSpec MESH = BgpConfigurationSpec.DEFAULTS;
  private static final BgpConfigurationSpec NO_MESH = new BgpConfigurationSpec(null, false, null, null, null, null, null);
  /** Calico's route-reflector how-to: every node peers with the nodes labelled route-reflector=true. */
  private static final BgpPeerSpec TO_REFLECTORS = new BgpPeerSpec(null, "all()", null, null, "route-reflector == 'true'");

  static BgpNode node(int i, boolean reflector) {
    NodeInfo info = new NodeInfo("node-" + i, Ip.parse("172.18.0." + (i + 1)), Cidr.parse("10.244." + i + ".0/24"));
    return reflector ? new BgpNode(info, Map.of("route-reflector", "true"), Optional.of((Inet4Address) Ip.parse("244.0.0.1")), OptionalLong.empty())
        : BgpNode.plain(info);
  }

  private static final List<BgpNode> CLUSTER = List.of(node(1, true), node(2, false), node(3, false), node(4, true));

  /** Each session as {@code TYPE[/PEER] [client] asN}, by peer address. */
  private static Map<String, String> plan(String self, BgpConfigurationSpec config, Map<String, BgpPeerSpec> peers) {
    SessionPlan p = SessionPlanner.plan(new SessionPlanner.Inputs(self, CLUSTER, config, peers, DEFAULTS));
    return p.sessions().values().stream().collect(Collectors.toMap(s -> s.address().getHostAddress(),
        s -> s.type() + (s.peerName().isEmpty() ? "" : "/" + s.peerName()) + (s.reflectorClient() ? " client" : "") + " as" + s.asn()));
  }

  @Test
  void theMeshPeersWithEveryOtherNodeAndAReflectorTreatsNonReflectorsAsClients() {
    assertThat(plan("node-2", MESH, Map.of())).containsOnlyKeys("172.18.0.2", "172.18.0.4", "172.18.0.5")
        .allSatisfy((ip, s) -> assertThat(s).isEqualTo("NodeMesh as64512"));
    assertThat(plan("node-1", MESH, Map.of())).containsEntry("172.18.0.3", "NodeMesh client as64512")
        .containsEntry("172.18.0.5", "NodeMesh as64512");
  }

  @Test
  void withoutTheMeshClientsPeerOnlyWithReflectorsAndReflectorsWithEveryone() {
    assertThat(plan("node-2", NO_MESH, Map.of("rr", TO_REFLECTORS))).containsOnly(Map.entry("172.18.0.2", "NodePeer/rr as64512"),
        Map.entry("172.18.0.5", "NodePeer/rr as64512"));
    assertThat(plan("node-1", NO_MESH, Map.of("rr", TO_REFLECTORS))).containsOnly(Map.entry("172.18.0.3", "NodePeer/rr client as64512"),
        Map.entry("172.18.0.4", "NodePeer/rr client as64512"), Map.entry("172.18.0.5", "NodePeer/rr as64512"));
  }

  @Test
  void anExplicitPeerIpAppliesOnlyToItsNodeWithItsAsAndTheConfiguredAsIsTheNodes() {
    BgpPeerSpec tor = new BgpPeerSpec("node-3", null, "172.18.0.100", 64500L, null);
    BgpConfigurationSpec as = new BgpConfigurationSpec(65001L, false, "Info", 1790, null, null, null);
    assertThat(plan("node-3", as, Map.of("tor", tor))).containsOnly(Map.entry("172.18.0.100", "NodePeer/tor as64500"));
    assertThat(plan("node-2", as, Map.of("tor", tor))).isEmpty();
    SessionPlan p = SessionPlanner.plan(new SessionPlanner.Inputs("node-2", CLUSTER, as, Map.of(), DEFAULTS));
    assertThat(p.asn()).isEqualTo(65001);
    assertThat(p.port()).isEqualTo(1790);
  }

  @Test
  void aNodeNotYetKnownPlansNothing() {
    assertThat(plan("node-9", MESH, Map.of("rr", TO_REFLECTORS))).isEmpty();
  }

  @Test
  void aPeerFoundForTwoReasonsCarriesTheFirstBgpPeerByNameWhateverOrderTheyCameIn() {
    BgpPeerSpec alsoToReflectors = new BgpPeerSpec(null, "all()", null, null, "has(route-reflector)");
    Map<String, BgpPeerSpec> zFirst = new java.util.LinkedHashMap<>();
    zFirst.put("z-peers", alsoToReflectors);
    zFirst.put("a-peers", TO_REFLECTORS);
    assertThat(plan("node-2", NO_MESH, zFirst)).containsOnly(Map.entry("172.18.0.2", "NodePeer/a-peers as64512"),
        Map.entry("172.18.0.5", "NodePeer/a-peers as64512"));
    assertThat(plan("node-2", MESH, zFirst)).as("the mesh is the first reason; its sessions name no BGPPeer")
        .allSatisfy((ip, s) -> assertThat(s).isEqualTo("NodeMesh as64512"));
  }
}

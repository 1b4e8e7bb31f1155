package dev.podnet.agent.lb.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Json;
import dev.podnet.api.metallb.BgpAdvertisement;
import dev.podnet.api.metallb.BgpPeer;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.bgp.Community;
import dev.podnet.bgp.PathAttributes;
import dev.podnet.bgp.Prefix;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BgpLbPlanTest {
  private static final Inet4Address NODE1 = v4("172.18.0.2");
  private static final IpAddressPool POOL = Json.read("""
      {"apiVersion":"metallb.io/v1beta1","kind":"IPAddressPool","metadata":{"name":"bgp","namespace":"metallb-system"},
       "spec":{"addresses":["10.250.0.0/24"]}}""", IpAddressPool.class);
  private static final BgpPeer EDGE = peer("edge", 64512, 64500, "");
  private static final Prefix IP = Prefix.parse("10.250.0.7/32");

  private static Inet4Address v4(String s) {
    try {
      return (Inet4Address) InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BgpPeer peer(String name, long my, long peer, String extra) {
    return Json.read("""
        {"apiVersion":"metallb.io/v1beta2","kind":"BGPPeer","metadata":{"name":"%s","namespace":"metallb-system"},
         "spec":{"myASN":%d,"peerASN":%d,"peerAddress":"172.18.0.253","holdTime":"6s","connectTime":"2s"%s}}"""
        .formatted(name, my, peer, extra), BgpPeer.class);
  }

  private static BgpAdvertisement adv(String spec) {
    return Json.read("""
        {"apiVersion":"metallb.io/v1beta1","kind":"BGPAdvertisement","metadata":{"name":"bgp","namespace":"metallb-system"},"spec":{%s}}"""
        .formatted(spec), BgpAdvertisement.class);
  }

  /** {@code networkUp}: condition NetworkUnavailable False; Ready is Unknown on purpose (a late lease renewal). */
  private static Node node(String name, boolean networkUp, Map<String, String> labels) {
    return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().withNewStatus().addNewCondition().withType("Ready")
        .withStatus("Unknown").endCondition().addNewCondition().withType("NetworkUnavailable").withStatus(networkUp ? "False" : "True").endCondition()
        .endStatus().build();
  }

  private static Service lb(String etp) {
    return new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata().withNewSpec().withType("LoadBalancer")
        .withExternalTrafficPolicy(etp).endSpec().withNewStatus().withNewLoadBalancer().addNewIngress().withIp("10.250.0.7").endIngress()
        .endLoadBalancer().endStatus().build();
  }

  private static EndpointSlice endpointOn(String node) {
    return new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName("web-1")
        .withLabels(Map.of("kubernetes.io/service-name", "web")).endMetadata().withAddressType("IPv4").addNewEndpoint().withAddresses("10.244.1.5")
        .withNodeName(node).withNewConditions().withReady(true).endConditions().endEndpoint().build();
  }

  private static Map<String, BgpLbPlan.PeerPlan> plan(List<Service> svcs, List<EndpointSlice> slices, List<Node> nodes, List<BgpAdvertisement> ads,
      List<BgpPeer> peers) {
    return BgpLbPlan.plan("node-1", NODE1, new BgpLbInputs(svcs, slices, nodes, List.of(POOL), ads, peers));
  }

  @Test
  void everyNodeWithItsNetworkUpAnnouncesAClusterServicesIpAsAHostRouteToEachPeerReadyOrNot() {
    var p = plan(List.of(lb("Cluster")), List.of(), List.of(node("node-1", true, Map.of())), List.of(adv("\"ipAddressPools\":[\"bgp\"]")),
        List.of(EDGE));
    assertThat(p).containsOnlyKeys("edge");
    PeerTarget t = p.get("edge").target();
    assertThat(t.address().getHostAddress()).isEqualTo("172.18.0.253");
    assertThat(t.routerId()).isEqualTo(NODE1);
    assertThat(t.holdTime()).isEqualTo(6);
    assertThat(t.connectRetry()).isEqualTo(2);
    assertThat(p.get("edge").prefixes()).containsOnlyKeys(IP);
  }

  @Test
  void aLocalServiceIsAnnouncedOnlyFromNodesWithAReadyEndpoint() {
    List<Node> nodes = List.of(node("node-1", true, Map.of()));
    List<BgpAdvertisement> ads = List.of(adv(""));
    assertThat(plan(List.of(lb("Local")), List.of(endpointOn("node-2")), nodes, ads, List.of(EDGE)).get("edge").prefixes()).isEmpty();
    assertThat(plan(List.of(lb("Local")), List.of(endpointOn("node-1")), nodes, ads, List.of(EDGE)).get("edge").prefixes()).containsOnlyKeys(IP);
  }

  @Test
  void aNodeWithItsNetworkUnavailableOrExcludedKeepsItsSessionsButAnnouncesNothing() {
    List<BgpAdvertisement> ads = List.of(adv(""));
    assertThat(plan(List.of(lb("Cluster")), List.of(), List.of(node("node-1", false, Map.of())), ads, List.of(EDGE)).get("edge").prefixes()).isEmpty();
    var excluded = node("node-1", true, Map.of("node.kubernetes.io/exclude-from-external-load-balancers", ""));
    assertThat(plan(List.of(lb("Cluster")), List.of(), List.of(excluded), ads, List.of(EDGE)).get("edge").prefixes()).isEmpty();
  }

  @Test
  void aggregationCommunitiesAndLocalPrefFollowTheAdvertisementAndLocalPrefGoesOnlyToIbgpPeers() {
    BgpPeer ibgp = peer("rr", 64512, 64512, "");
    var p = plan(List.of(lb("Cluster")), List.of(), List.of(node("node-1", true, Map.of())),
        List.of(adv("\"aggregationLength\":24,\"localPref\":150,\"communities\":[\"64500:100\"]")), List.of(EDGE, ibgp));
    Prefix agg = Prefix.parse("10.250.0.0/24");
    PathAttributes toEdge = p.get("edge").prefixes().get(agg);
    PathAttributes toRr = p.get("rr").prefixes().get(agg);
    assertThat(toEdge.communities()).containsExactly(Community.parse("64500:100"));
    assertThat(toEdge.localPref()).isEmpty();
    assertThat(toRr.localPref()).isEqualTo(OptionalLong.of(150));
  }

  @Test
  void advertisementsAndPeersSelectNodesAndPeersByName() {
    BgpPeer other = peer("other", 64512, 64501, "");
    BgpPeer rackB = peer("rack-b", 64512, 64502, ",\"nodeSelectors\":[{\"matchLabels\":{\"rack\":\"b\"}}]");
    var p = plan(List.of(lb("Cluster")), List.of(), List.of(node("node-1", true, Map.of("rack", "a"))),
        List.of(adv("\"peers\":[\"edge\"]")), List.of(EDGE, other, rackB));
    assertThat(p).containsOnlyKeys("edge", "other");
    assertThat(p.get("edge").prefixes()).containsOnlyKeys(IP);
    assertThat(p.get("other").prefixes()).isEmpty();
    var onlyRackB = plan(List.of(lb("Cluster")), List.of(), List.of(node("node-1", true, Map.of("rack", "a"))),
        List.of(adv("\"nodeSelectors\":[{\"matchLabels\":{\"rack\":\"b\"}}]")), List.of(EDGE));
    assertThat(onlyRackB.get("edge").prefixes()).isEmpty();
  }

  @Test
  void ipsOfOtherPoolsAndServicesOfOtherClassesAreNotAnnounced() {
    Service l2 = new ServiceBuilder(lb("Cluster")).editStatus().editLoadBalancer().editFirstIngress().withIp("172.18.255.200").endIngress()
        .endLoadBalancer().endStatus().build();
    Service foreign = new ServiceBuilder(lb("Cluster")).editSpec().withLoadBalancerClass("example.com/other").endSpec().build();
    var p = plan(List.of(l2, foreign), List.of(), List.of(node("node-1", true, Map.of())), List.of(adv("")), List.of(EDGE));
    assertThat(p.get("edge").prefixes()).isEmpty();
  }
}

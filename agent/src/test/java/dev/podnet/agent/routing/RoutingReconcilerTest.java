package dev.podnet.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.agent.routing.hostgw.HostGwBackend;
import dev.podnet.agent.routing.vxlan.VxlanBackend;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.FakeKernel;
import dev.podnet.kernel.Ip;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Route;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingReconcilerTest {
  private final FakeKernel k = new FakeKernel();
  private final TableNft nft = new TableNft();
  private final Netns lan = k.ensureNetns("lan");
  private final Netns n1 = k.ensureNetns("node-1");
  private final Underlay eth0 = new Underlay("eth0", 1500);
  private final NodeInfo self = node(1);
  private final List<NodeInfo> three = List.of(self, node(2), node(3));

  RoutingReconcilerTest() {
    k.apply(n1, List.of(new IpCommand.LinkAdd(new LinkSpec.Veth("eth0", "lan-n1", Optional.of(lan), 1500)),
        new IpCommand.LinkUp("eth0"), new IpCommand.AddressReplace("eth0", Cidr.parse("172.18.0.2/16"))));
  }

  private static NodeInfo node(int i) {
    return new NodeInfo("node-" + i, Ip.parse("172.18.0." + (i + 1)), Cidr.parse("10.244." + (i - 1) + ".0/24"));
  }

  @Test
  void vxlanProgramsDeviceFdbNeighborAndOnlinkRoutePerPeer() {
    var r = new RoutingReconciler(k, nft, n1, new VxlanBackend(), eth0);
    r.sync(self, three);
    assertThat(k.dumpRoutes(n1)).isEqualTo("""
        172.18.0.0/16 dev eth0 proto kernel
        10.244.1.0/24 via 10.244.1.0 dev podnet.1 proto 77 onlink
        10.244.2.0/24 via 10.244.2.0 dev podnet.1 proto 77 onlink
        """);
    assertThat(k.dumpNeighbors(n1)).isEqualTo("""
        10.244.1.0 lladdr 0e:70:ac:12:00:03 dev podnet.1 nud permanent
        10.244.2.0 lladdr 0e:70:ac:12:00:04 dev podnet.1 nud permanent
        fdb 0e:70:ac:12:00:03 dev podnet.1 dst 172.18.0.3 self permanent
        fdb 0e:70:ac:12:00:04 dev podnet.1 dst 172.18.0.4 self permanent
        """);
    assertThat(k.dumpLinks(n1)).contains("podnet.1 vxlan UP mtu 1450");
  }

  @Test
  void aSecondSyncWritesNothing() {
    var r = new RoutingReconciler(k, nft, n1, new VxlanBackend(), eth0);
    r.sync(self, three);
    long before = k.requestCount();
    assertThat(r.sync(self, three).changedNothing()).isTrue();
    assertThat(k.requestCount()).isEqualTo(before);
    assertThat(nft.scripts).as("nft transactions").hasSize(1);
  }

  @Test
  void vxlanKeepsItsOuterPacketsOutOfConntrackOnBothHooks() {
    new RoutingReconciler(k, nft, n1, new VxlanBackend(), eth0).sync(self, three);
    assertThat(nft.list(n1, "inet", "podnet-routing")).hasValue("""
        table inet podnet-routing {
        \tchain untracked-prerouting {
        \t\ttype filter hook prerouting priority raw; policy accept;
        \t\tudp dport 8472 notrack comment "vxlan: node-to-node encapsulation"
        \t}

        \tchain untracked-output {
        \t\ttype filter hook output priority raw; policy accept;
        \t\tudp dport 8472 notrack comment "vxlan: node-to-node encapsulation"
        \t}
        }
        """);
  }

  @Test
  void theUntrackedTableDeletedByHandComesBack() {
    var r = new RoutingReconciler(k, nft, n1, new VxlanBackend(), eth0);
    r.sync(self, three);
    String table = nft.list(n1, "inet", "podnet-routing").orElseThrow();
    nft.deleteTable(n1, "inet", "podnet-routing");
    r.sync(self, three);
    assertThat(nft.list(n1, "inet", "podnet-routing")).hasValue(table);
  }

  @Test
  void routedBackendsTrackEverything() {
    new RoutingReconciler(k, nft, n1, new HostGwBackend(), eth0).sync(self, three);
    assertThat(nft.list(n1, "inet", "podnet-routing")).isEmpty();
    assertThat(nft.scripts).isEmpty();
  }

  @Test
  void anEntryDeletedByHandComesBack() {
    var r = new RoutingReconciler(k, nft, n1, new VxlanBackend(), eth0);
    r.sync(self, three);
    String routes = k.dumpRoutes(n1);
    String neigh = k.dumpNeighbors(n1);
    k.apply(n1, List.of(new IpCommand.RouteDelete(Route.onlink(Cidr.parse("10.244.2.0/24"), Ip.parse("10.244.2.0"), "podnet.1"))));
    k.apply(n1, List.of(new IpCommand.LinkDelete("podnet.1")));
    assertThat(r.sync(self, three).added()).isPositive();
    assertThat(k.dumpRoutes(n1)).isEqualTo(routes);
    assertThat(k.dumpNeighbors(n1)).isEqualTo(neigh);
  }

  @Test
  void aRemovedNodeLeavesNothingBehindOnItsPeers() {
    var r = new RoutingReconciler(k, nft, n1, new VxlanBackend(), eth0);
    r.sync(self, three);
    var result = r.sync(self, List.of(self, node(2)));
    assertThat(result.removed()).isEqualTo(3);
    assertThat(k.dumpRoutes(n1)).doesNotContain("10.244.2.0");
    assertThat(k.dumpNeighbors(n1)).doesNotContain("172.18.0.4").doesNotContain("10.244.2.0");
  }

  @Test
  void hostGwRoutesViaThePeersLanAddressAndReplacesAnotherBackendsRoutes() {
    new RoutingReconciler(k, nft, n1, new VxlanBackend(), eth0).sync(self, three);
    new RoutingReconciler(k, nft, n1, new HostGwBackend(), eth0).sync(self, three);
    assertThat(k.dumpRoutes(n1)).isEqualTo("""
        172.18.0.0/16 dev eth0 proto kernel
        10.244.1.0/24 via 172.18.0.3 dev eth0 proto 77
        10.244.2.0/24 via 172.18.0.4 dev eth0 proto 77
        """);
  }

  @Test
  void routesThatAreNotPodnetsAreLeftAlone() {
    k.apply(n1, List.of(new IpCommand.RouteReplace(new Route(Cidr.parse("192.168.7.0/24"), Optional.of(Ip.parse("172.18.0.9")), "eth0", false, 4))));
    new RoutingReconciler(k, nft, n1, new HostGwBackend(), eth0).sync(self, three);
    assertThat(k.dumpRoutes(n1)).contains("192.168.7.0/24 via 172.18.0.9 dev eth0 proto static");
  }
}

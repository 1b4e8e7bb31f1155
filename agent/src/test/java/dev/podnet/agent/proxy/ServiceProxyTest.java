package dev.podnet.agent.proxy;

import static dev.podnet.agent.proxy.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.Conntrack;
import io.fabric8.kubernetes.api.model.Service;
import dev.podnet.kernel.Netns;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tracking, coalescing and change isolation, on a recording nft. */
class ServiceProxyTest {
  private final RecordingNft nft = new RecordingNft();
  private final List<String> conntrack = new ArrayList<>();
  private final ServiceProxy proxy = new ServiceProxy(nft, new RecordingConntrack(conntrack), Netns.named("pn-unit-node"), config());

  /** Records deletions as {@code dst IP:PORT} and {@code reply-src IP}. */
  record RecordingConntrack(List<String> log) implements Conntrack {
    @Override
    public void deleteUdp(Netns netns, InetAddress origDst, int port) {
      log.add("dst " + origDst.getHostAddress() + ":" + port);
    }

    @Override
    public void deleteUdpByReplySource(Netns netns, InetAddress endpoint) {
      log.add("reply-src " + endpoint.getHostAddress());
    }
  }

  @Test
  void writesNothingUntilServicesAndSlicesAreBothSynced() {
    proxy.onServiceAdded(clusterIp("web", "10.96.0.20", 80));
    proxy.markServicesSynced();
    proxy.syncNow();
    assertThat(nft.scripts).isEmpty();
    proxy.markSlicesSynced();
    proxy.syncNow();
    assertThat(nft.scripts).hasSize(1);
    assertThat(ServiceRendererTest.perElement(nft.last())).startsWith("add table ip podnet\n").contains("10.96.0.20 . tcp . 80");
  }

  @Test
  void manyEventsForOneServiceCoalesceIntoOneRewriteOfThatServiceOnly() {
    start(clusterIp("web", "10.96.0.20", 80), clusterIp("db", "10.96.0.30", 5432));
    for (int i = 1; i <= 5; i++) {
      proxy.onSliceUpdated(slice("web", "TCP", 8080, ready("10.244.0." + i, "node-1")));
    }
    proxy.syncNow();
    assertThat(nft.scripts).hasSize(2);
    String tx = ServiceRendererTest.perElement(nft.last());
    assertThat(tx).doesNotContain("add table").doesNotContain("default/db").doesNotContain("flush map");
    assertThat(tx).contains("endpoints-tcp { 10.96.0.20 . 80 . 0 comment \"default/web:p\" : 10.244.0.5 . 8080 }")
        .doesNotContain("10.244.0.4")
        .contains("delete element ip podnet no-endpoint-services { 10.96.0.20 . tcp . 80 }")
        .contains("add element ip podnet service-ips { 10.96.0.20 . tcp . 80 comment \"default/web:p\"");
  }

  @Test
  void aResyncThatFindsEverythingRightWritesNothing() {
    start(clusterIp("web", "10.96.0.20", 80));
    proxy.syncNow();
    proxy.syncNow();
    proxy.onServiceUpdated(clusterIp("web", "10.96.0.20", 80));
    proxy.syncNow();
    assertThat(nft.scripts).hasSize(1);
    assertThat(nft.lists).isPositive();
  }

  @Test
  void aRestartedProxyOnARightTableWritesNothingAndClearsNoConntrack() {
    start(service("dns", "10.96.0.53", "UDP", 53).build(), clusterIp("web", "10.96.0.20", 80));
    proxy.onSliceAdded(slice("dns", "UDP", 5353, ready("10.244.0.5", "node-1")));
    proxy.syncNow();
    conntrack.clear();
    ServiceProxy restarted = restartedWith(service("dns", "10.96.0.53", "UDP", 53).build(), clusterIp("web", "10.96.0.20", 80));
    restarted.onSliceAdded(slice("dns", "UDP", 5353, ready("10.244.0.5", "node-1")));
    restarted.syncNow();
    assertThat(restarted.transactions()).isZero();
    assertThat(conntrack).isEmpty();
    restarted.onServiceAdded(clusterIp("db", "10.96.0.30", 5432));
    restarted.syncNow();
    assertThat(restarted.transactions()).isOne();
    assertThat(ServiceRendererTest.perElement(nft.last())).doesNotContain("add table").contains("default/db").contains("add element ip podnet state");
  }

  @Test
  void aRestartedProxyThatRendersSomethingElseRewritesTheTable() {
    start(clusterIp("web", "10.96.0.20", 80));
    ServiceProxy restarted = restartedWith(clusterIp("web", "10.96.0.20", 8080));
    restarted.syncNow();
    assertThat(restarted.transactions()).isOne();
    assertThat(ServiceRendererTest.perElement(nft.last())).startsWith("add table ip podnet\n").contains("10.96.0.20 . tcp . 8080");
    ServiceProxy again = restartedWith(clusterIp("web", "10.96.0.20", 8080));
    again.syncNow();
    assertThat(again.transactions()).as("the rewrite recorded its fingerprint").isZero();
  }

  @Test
  void aRestartedProxyFindingAChainMissingRewritesTheTable() {
    start(clusterIp("web", "10.96.0.20", 80));
    proxy.onSliceAdded(slice("web", "TCP", 8080, ready("10.244.0.5", "node-1")));
    proxy.syncNow();
    String endpointChain = ServiceRendererTest.perElement(nft.last()).lines().filter(l -> l.startsWith("add chain ip podnet pick-")).findFirst().orElseThrow().split(" ")[4];
    nft.apply(null, "delete chain ip podnet " + endpointChain + "\n");
    ServiceProxy restarted = restartedWith(clusterIp("web", "10.96.0.20", 80));
    restarted.onSliceAdded(slice("web", "TCP", 8080, ready("10.244.0.5", "node-1")));
    restarted.syncNow();
    assertThat(restarted.transactions()).isOne();
    assertThat(ServiceRendererTest.perElement(nft.last())).contains("add chain ip podnet " + endpointChain);
  }

  private ServiceProxy restartedWith(io.fabric8.kubernetes.api.model.Service... svcs) {
    ServiceProxy p = new ServiceProxy(nft, new RecordingConntrack(conntrack), Netns.named("pn-unit-node"), config());
    for (var s : svcs) {
      p.onServiceAdded(s);
    }
    p.markServicesSynced();
    p.markSlicesSynced();
    return p;
  }

  @Test
  void aDeletedTableIsRewrittenWhole() {
    start(clusterIp("web", "10.96.0.20", 80));
    nft.deleteTable(null, "ip", "podnet");
    proxy.syncNow();
    assertThat(nft.scripts).hasSize(2);
    assertThat(ServiceRendererTest.perElement(nft.last())).startsWith("add table ip podnet\n").contains("default/web");
  }

  @Test
  void aHairpinPairSharedByTwoServicesGoesOnlyWithTheLastOne() {
    start(clusterIp("web", "10.96.0.20", 80), clusterIp("api", "10.96.0.21", 80));
    proxy.onSliceAdded(slice("web", "TCP", 8080, ready("10.244.0.5", "node-1")));
    proxy.onSliceAdded(slice("api", "TCP", 8080, ready("10.244.0.5", "node-1")));
    proxy.syncNow();
    assertThat(ServiceRendererTest.perElement(nft.last()).split("hairpin \\{ 10.244.0.5 . 10.244.0.5", -1)).as("added once").hasSize(2);
    proxy.onServiceDeleted(clusterIp("web", "10.96.0.20", 80));
    proxy.syncNow();
    assertThat(ServiceRendererTest.perElement(nft.last())).contains("delete element ip podnet service-ips { 10.96.0.20 . tcp . 80 }").doesNotContain("hairpin {")
        .as("api still uses the pick chain").doesNotContain("chain");
    proxy.onServiceDeleted(clusterIp("api", "10.96.0.21", 80));
    proxy.syncNow();
    assertThat(ServiceRendererTest.perElement(nft.last())).contains("delete element ip podnet hairpin { 10.244.0.5 . 10.244.0.5 }");
  }

  @Test
  void aLoadBalancerIpSharedByTwoServicesGoesOnlyWithTheLastOne() {
    Service web = withIngress(service("web", "10.96.0.20", "TCP", 80), "172.18.255.200");
    Service dns = withIngress(service("dns", "10.96.0.21", "UDP", 53), "172.18.255.200");
    start(web, dns);
    assertThat(ServiceRendererTest.perElement(nft.last()).split("load-balancer-ips \\{ 172.18.255.200 ", -1)).as("added once").hasSize(2);
    proxy.onServiceDeleted(web);
    proxy.syncNow();
    assertThat(ServiceRendererTest.perElement(nft.last())).doesNotContain("load-balancer-ips {");
    proxy.onServiceDeleted(dns);
    proxy.syncNow();
    assertThat(ServiceRendererTest.perElement(nft.last())).contains("delete element ip podnet load-balancer-ips { 172.18.255.200 }");
  }

  private static Service withIngress(io.fabric8.kubernetes.api.model.ServiceBuilder b, String ip) {
    return b.editSpec().withType("LoadBalancer").endSpec().withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress()
        .endLoadBalancer().endStatus().build();
  }

  @Test
  void deletingTheLastServiceWithSomeEndpointCountRemovesItsPickChainAfterItsElements() {
    start(clusterIp("web", "10.96.0.20", 80));
    proxy.onSliceAdded(slice("web", "TCP", 8080, ready("10.244.0.5", "node-1")));
    proxy.syncNow();
    proxy.onServiceDeleted(clusterIp("web", "10.96.0.20", 80));
    proxy.syncNow();
    String tx = ServiceRendererTest.perElement(nft.last());
    assertThat(tx).contains("delete element ip podnet service-ips { 10.96.0.20 . tcp . 80 }")
        .contains("delete element ip podnet endpoints-tcp { 10.96.0.20 . 80 . 0 }").contains("delete chain ip podnet pick-tcp-1");
    assertThat(tx.indexOf("delete element")).isLessThan(tx.indexOf("delete chain"));
  }

  @Test
  void aServiceGrowingToANewEndpointCountMovesToThatPickChainAndCreatesItOnce() {
    start(clusterIp("web", "10.96.0.20", 80), clusterIp("api", "10.96.0.21", 80));
    proxy.onSliceAdded(slice("web", "TCP", 8080, ready("10.244.0.5", "node-1")));
    proxy.onSliceAdded(slice("api", "TCP", 8080, ready("10.244.0.6", "node-1")));
    proxy.syncNow();
    proxy.onSliceUpdated(slice("web", "TCP", 8080, ready("10.244.0.5", "node-1"), ready("10.244.1.5", "node-2")));
    proxy.syncNow();
    String tx = ServiceRendererTest.perElement(nft.last());
    assertThat(tx).contains("add chain ip podnet pick-tcp-2\n").doesNotContain("delete chain")
        .contains("add element ip podnet service-ips { 10.96.0.20 . tcp . 80 comment \"default/web:p\" : goto pick-tcp-2 }")
        .contains("add element ip podnet endpoints-tcp { 10.96.0.20 . 80 . 1 comment \"default/web:p\" : 10.244.1.5 . 8080 }")
        .doesNotContain("10.244.0.5 . 8080").doesNotContain("default/api");
    proxy.onSliceUpdated(slice("api", "TCP", 8080, ready("10.244.0.6", "node-1"), ready("10.244.1.6", "node-2")));
    proxy.syncNow();
    assertThat(ServiceRendererTest.perElement(nft.last())).doesNotContain("add chain").contains("delete chain ip podnet pick-tcp-1");
  }

  @Test
  void deletingAnAffinityServiceRemovesItsOwnChainsAfterItsElements() {
    io.fabric8.kubernetes.api.model.Service web = service("web", "10.96.0.20", "TCP", 80).editSpec().withSessionAffinity("ClientIP").endSpec().build();
    start(web);
    proxy.onSliceAdded(slice("web", "TCP", 8080, ready("10.244.0.5", "node-1")));
    proxy.syncNow();
    proxy.onServiceDeleted(web);
    proxy.syncNow();
    String tx = ServiceRendererTest.perElement(nft.last());
    assertThat(tx).contains("delete element ip podnet service-ips { 10.96.0.20 . tcp . 80 }")
        .containsPattern("delete chain ip podnet service-\\w+-default/web/tcp/p").containsPattern("delete set ip podnet affinity-");
    assertThat(tx.indexOf("delete element")).isLessThan(tx.indexOf("delete chain"));
  }

  @Test
  void udpEndpointThatGoesAwayLosesItsConntrackEntriesAndZeroToSomeClearsTheServiceAddress() {
    start(service("dns", "10.96.0.53", "UDP", 53).build());
    proxy.onSliceAdded(slice("dns", "UDP", 5353, ready("10.244.0.5", "node-1")));
    proxy.syncNow();
    assertThat(conntrack).containsExactly("dst 10.96.0.53:53");
    proxy.onSliceUpdated(slice("dns", "UDP", 5353, ready("10.244.1.5", "node-2")));
    proxy.syncNow();
    assertThat(conntrack).containsExactly("dst 10.96.0.53:53", "reply-src 10.244.0.5");
  }

  @Test
  void healthCheckBodyIsKubeProxys() {
    assertThat(HealthCheckServers.body(new RenderedService.HealthCheck("default", "web", 31000, 2)))
        .isEqualTo("{\"service\":{\"namespace\":\"default\",\"name\":\"web\"},\"localEndpoints\":2,\"serviceProxyHealthy\":true}");
  }

  private void start(io.fabric8.kubernetes.api.model.Service... svcs) {
    for (var s : svcs) {
      proxy.onServiceAdded(s);
    }
    proxy.markServicesSynced();
    proxy.markSlicesSynced();
    proxy.syncNow();
    assertThat(nft.scripts).hasSize(1);
  }
}

package dev.podnet.agent.ebpf;

import static dev.podnet.agent.ebpf.LbFixtures.backendsOf;
import static dev.podnet.agent.ebpf.LbFixtures.config;
import static dev.podnet.agent.ebpf.LbFixtures.endpoint;
import static dev.podnet.agent.ebpf.LbFixtures.ready;
import static dev.podnet.agent.ebpf.LbFixtures.service;
import static dev.podnet.agent.ebpf.LbFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.agent.ebpf.LbEntries.Frontend;
import dev.podnet.agent.ebpf.LbEntries.ServiceValue;
import dev.podnet.kernel.Ip;
import dev.podnet.kernel.bpf.FakeMap;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SocketLbTest {
  private static final int TCP = LbEntries.PROTO_TCP;
  private static final int UDP = LbEntries.PROTO_UDP;
  private final LbMaps maps = LbMaps.fake();
  private final SocketLb lb = new SocketLb(maps, config("node-1"));

  private void synced() {
    lb.markServicesSynced();
    lb.markSlicesSynced();
    lb.syncNow();
  }

  private int writes() {
    return ((FakeMap) maps.services()).writes() + ((FakeMap) maps.backends()).writes();
  }

  @Test
  void aClusterIpReachesItsReadyEndpointsAndNothingIsWrittenBeforeBothListsAreSynced() {
    lb.onServiceAdded(service("web", "10.96.0.20", "TCP", 80).build());
    lb.onSliceAdded(slice("web", "TCP", 8080, ready("10.244.1.5", "node-1"), ready("10.244.2.7", "node-2"),
        endpoint("10.244.2.9", "node-2", false, false)));
    lb.syncNow();
    assertThat(maps.services().entries()).isEmpty();
    synced();
    assertThat(backendsOf(maps, "10.96.0.20", 80, TCP)).contains(List.of("10.244.1.5:8080", "10.244.2.7:8080"));
    assertThat(backendsOf(maps, "10.96.0.20", 80, UDP)).as("another protocol is another frontend").isEmpty();
  }

  @Test
  void aServiceWithoutEndpointsHasAFrontendWithNoSlotsWhichTheProgramsRefuse() {
    lb.onServiceAdded(service("empty", "10.96.0.21", "UDP", 53).build());
    synced();
    assertThat(backendsOf(maps, "10.96.0.21", 53, UDP)).contains(List.of());
  }

  @Test
  void aChangeToOneServiceRewritesOnlyThatServicesEntries() {
    for (int i = 0; i < 50; i++) {
      lb.onServiceAdded(service("s" + i, "10.96.1." + i, "TCP", 80).build());
      lb.onSliceAdded(slice("s" + i, "TCP", 8080, ready("10.244.1." + i, "node-1"), ready("10.244.2." + i, "node-2")));
    }
    synced();
    int before = writes();
    lb.onSliceUpdated(slice("s7", "TCP", 8080, ready("10.244.1.7", "node-1"), ready("10.244.3.7", "node-3")));
    lb.syncNow();
    assertThat(writes() - before).as("one slot rewritten").isEqualTo(1);
    assertThat(backendsOf(maps, "10.96.1.7", 80, TCP)).contains(List.of("10.244.1.7:8080", "10.244.3.7:8080"));
    lb.onServiceDeleted(service("s8", "10.96.1.8", "TCP", 80).build());
    lb.syncNow();
    assertThat(writes() - before).as("its frontend and two slots deleted").isEqualTo(4);
    assertThat(backendsOf(maps, "10.96.1.8", 80, TCP)).isEmpty();
    assertThat(maps.services().entries()).hasSize(49);
    assertThat(maps.backends().entries()).hasSize(98);
  }

  @Test
  void theFullResyncRepairsEntriesChangedOrDeletedByHand() {
    lb.onServiceAdded(service("web", "10.96.0.20", "TCP", 80).build());
    lb.onSliceAdded(slice("web", "TCP", 8080, ready("10.244.1.5", "node-1")));
    synced();
    var frontend = new Frontend(Ip.parse("10.96.0.20"), 80, TCP).bytes();
    maps.services().update(frontend, new ServiceValue(99, 0, 0).bytes());
    maps.backends().entries().keySet().forEach(maps.backends()::delete);
    maps.services().update(new Frontend(Ip.parse("10.96.9.9"), 1, TCP).bytes(), new ServiceValue(5, 0, 0).bytes());
    lb.resyncNow();
    assertThat(backendsOf(maps, "10.96.0.20", 80, TCP)).contains(List.of("10.244.1.5:8080"));
    assertThat(backendsOf(maps, "10.96.9.9", 1, TCP)).as("a frontend nobody asked for is removed").isEmpty();
  }

  @Test
  void aRestartedAgentOnMapsThatAreRightWritesNothing() {
    for (int i = 0; i < 20; i++) {
      lb.onServiceAdded(service("s" + i, "10.96.1." + i, "TCP", 80).build());
      lb.onSliceAdded(slice("s" + i, "TCP", 8080, ready("10.244.1." + i, "node-1")));
    }
    lb.onServiceDeleted(service("s3", "10.96.1.3", "TCP", 80).build());
    synced();
    lb.syncNow();
    SocketLb restarted = new SocketLb(maps, config("node-1"));
    for (int i = 0; i < 20; i++) {
      if (i != 3) {
        restarted.onServiceAdded(service("s" + i, "10.96.1." + i, "TCP", 80).build());
      }
      restarted.onSliceAdded(slice("s" + i, "TCP", 8080, ready("10.244.1." + i, "node-1")));
    }
    int before = writes();
    restarted.markServicesSynced();
    restarted.markSlicesSynced();
    restarted.syncNow();
    assertThat(writes()).isEqualTo(before);
    assertThat(restarted.entriesWritten()).isZero();
  }

  @Test
  void aRestartedAgentGivesNewServicesSetsNoAdoptedServiceUses() {
    for (int i = 0; i < 10; i++) {
      lb.onServiceAdded(service("s" + i, "10.96.1." + i, "TCP", 80).build());
      lb.onSliceAdded(slice("s" + i, "TCP", 8080, ready("10.244.1." + i, "node-1")));
    }
    synced();
    SocketLb restarted = new SocketLb(maps, config("node-1"));
    // new Services sort before the adopted ones, so they would take the lowest ids first if nothing reserved them
    for (int i = 0; i < 10; i++) {
      restarted.onServiceAdded(service("a" + i, "10.96.2." + i, "TCP", 80).build());
      restarted.onSliceAdded(slice("a" + i, "TCP", 8080, ready("10.244.2." + i, "node-1")));
      restarted.onServiceAdded(service("s" + i, "10.96.1." + i, "TCP", 80).build());
      restarted.onSliceAdded(slice("s" + i, "TCP", 8080, ready("10.244.1." + i, "node-1")));
    }
    restarted.markServicesSynced();
    restarted.markSlicesSynced();
    restarted.syncNow();
    for (int i = 0; i < 10; i++) {
      assertThat(backendsOf(maps, "10.96.1." + i, 80, TCP)).contains(List.of("10.244.1." + i + ":8080"));
      assertThat(backendsOf(maps, "10.96.2." + i, 80, TCP)).contains(List.of("10.244.2." + i + ":8080"));
    }
    assertThat(restarted.entriesWritten()).as("only the new Services' entries").isEqualTo(20);
  }

  @Test
  void internalTrafficPolicyLocalLimitsTheClusterIpToThisNodeButExternalIpsFromPodsReachAll() {
    Service svc = service("loc", "10.96.0.30", "TCP", 80).editSpec().withInternalTrafficPolicy("Local")
        .withExternalIPs("192.0.2.10").endSpec().editOrNewStatus().withNewLoadBalancer().addNewIngress().withIp("172.18.255.200")
        .endIngress().endLoadBalancer().endStatus().build();
    lb.onServiceAdded(svc);
    lb.onSliceAdded(slice("loc", "TCP", 8080, ready("10.244.1.5", "node-1"), ready("10.244.2.7", "node-2")));
    synced();
    assertThat(backendsOf(maps, "10.96.0.30", 80, TCP)).contains(List.of("10.244.1.5:8080"));
    assertThat(backendsOf(maps, "192.0.2.10", 80, TCP)).contains(List.of("10.244.1.5:8080", "10.244.2.7:8080"));
    assertThat(backendsOf(maps, "172.18.255.200", 80, TCP)).contains(List.of("10.244.1.5:8080", "10.244.2.7:8080"));
  }

  @Test
  void internalTrafficPolicyLocalWithEndpointsOnlyElsewhereIsLeftToNftablesWhichDropsIt() {
    lb.onServiceAdded(service("elsewhere", "10.96.0.31", "TCP", 80).editSpec().withInternalTrafficPolicy("Local").endSpec().build());
    lb.onSliceAdded(slice("elsewhere", "TCP", 8080, ready("10.244.2.7", "node-2")));
    lb.onServiceAdded(service("nowhere", "10.96.0.32", "TCP", 80).editSpec().withInternalTrafficPolicy("Local").endSpec().build());
    synced();
    assertThat(backendsOf(maps, "10.96.0.31", 80, TCP)).as("no frontend: not translated, not refused").isEmpty();
    assertThat(backendsOf(maps, "10.96.0.32", 80, TCP)).as("no endpoint anywhere: refused").contains(List.of());
    lb.onSliceUpdated(slice("elsewhere", "TCP", 8080, ready("10.244.2.7", "node-2"), ready("10.244.1.9", "node-1")));
    lb.syncNow();
    assertThat(backendsOf(maps, "10.96.0.31", 80, TCP)).contains(List.of("10.244.1.9:8080"));
  }

  @Test
  void loadBalancerIpsWithSourceRangesAreLeftToTheNftablesFirewallAndOtherExternalAddressesAreTranslated() {
    Service svc = service("fw", "10.96.0.33", "TCP", 80).editSpec().withType("LoadBalancer").withLoadBalancerSourceRanges("192.0.2.0/24")
        .withExternalIPs("198.51.100.7").endSpec().editOrNewStatus().withNewLoadBalancer().addNewIngress().withIp("172.18.255.201")
        .endIngress().endLoadBalancer().endStatus().build();
    lb.onServiceAdded(svc);
    lb.onSliceAdded(slice("fw", "TCP", 8080, ready("10.244.2.7", "node-2")));
    synced();
    assertThat(backendsOf(maps, "172.18.255.201", 80, TCP)).as("firewalled: nftables decides").isEmpty();
    assertThat(backendsOf(maps, "198.51.100.7", 80, TCP)).contains(List.of("10.244.2.7:8080"));
    assertThat(backendsOf(maps, "10.96.0.33", 80, TCP)).contains(List.of("10.244.2.7:8080"));
    lb.onServiceUpdated(service("fw", "10.96.0.33", "TCP", 80).editSpec().withType("LoadBalancer").endSpec().editOrNewStatus().withNewLoadBalancer()
        .addNewIngress().withIp("172.18.255.201").endIngress().endLoadBalancer().endStatus().build());
    lb.syncNow();
    assertThat(backendsOf(maps, "172.18.255.201", 80, TCP)).as("ranges removed: translated").contains(List.of("10.244.2.7:8080"));
  }

  @Test
  void terminatingEndpointsServeOnlyWhenNoneIsReady() {
    lb.onServiceAdded(service("roll", "10.96.0.40", "TCP", 80).build());
    lb.onSliceAdded(slice("roll", "TCP", 8080, endpoint("10.244.1.5", "node-1", false, true), ready("10.244.2.7", "node-2")));
    synced();
    assertThat(backendsOf(maps, "10.96.0.40", 80, TCP)).contains(List.of("10.244.2.7:8080"));
    lb.onSliceUpdated(slice("roll", "TCP", 8080, endpoint("10.244.1.5", "node-1", false, true)));
    lb.syncNow();
    assertThat(backendsOf(maps, "10.96.0.40", 80, TCP)).contains(List.of("10.244.1.5:8080"));
  }

  @Test
  void clientIpAffinityCarriesItsTimeoutAndHeadlessServicesAreLeftAlone() {
    lb.onServiceAdded(service("sticky", "10.96.0.50", "TCP", 80).editSpec().withSessionAffinity("ClientIP")
        .withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(30).endClientIP().endSessionAffinityConfig().endSpec().build());
    lb.onServiceAdded(service("headless", "None", "TCP", 80).build());
    synced();
    Optional<ServiceValue> v = maps.services().lookup(new Frontend(Ip.parse("10.96.0.50"), 80, TCP).bytes()).map(ServiceValue::parse);
    assertThat(v).map(ServiceValue::affinitySeconds).contains(30);
    assertThat(maps.services().entries()).hasSize(1);
  }
}

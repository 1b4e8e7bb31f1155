package dev.podnet.controller;

import static dev.podnet.controller.TestCluster.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podnet.api.Resources;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.IpAddressPoolSpec;
import dev.podnet.api.metallb.IpAddressPoolStatus;
import dev.podnet.controller.events.EventBroadcaster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadBalancerControllerTest {
  private static final String NS = "shop";
  private final TestCluster cluster = new TestCluster();
  private final EventBroadcaster broadcaster = new EventBroadcaster(cluster.store);

  @BeforeEach
  void start() {
    cluster.store.create(new IpAddressPool(new ObjectMetaBuilder().withNamespace("metallb-system").withName("tiny").build(),
        new IpAddressPoolSpec(List.of("172.18.255.200-172.18.255.201"), null, null, null)));
    cluster.closeLater(new LoadBalancerController(cluster.store).recordingTo(broadcaster.recorder("metallb-controller", ""))).start();
  }

  @AfterEach
  void close() throws Exception {
    cluster.close();
    broadcaster.close();
  }

  private void create(String name, String type) {
    cluster.store.create(new ServiceBuilder().withNewMetadata().withNamespace(NS).withName(name).endMetadata()
        .withNewSpec().withType(type).addNewPort().withPort(80).endPort().endSpec().build());
  }

  private String ingress(String name) {
    Service s = cluster.store.get(Resources.SERVICES, NS, name);
    return Optional.ofNullable(s.getStatus()).map(st -> st.getLoadBalancer()).map(lb -> lb.getIngress()).orElse(List.of()).stream()
        .map(i -> i.getIp() + "/" + i.getIpMode()).findFirst().orElse("");
  }

  private List<String> events(String name) {
    return cluster.store.<Event>list(Resources.EVENTS, NS).items().stream().filter(e -> e.getInvolvedObject().getName().equals(name))
        .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage()).toList();
  }

  @Test
  void loadBalancersGetAddressesUntilThePoolIsExhaustedThenWaitWithAnEvent() {
    create("a", "LoadBalancer");
    create("b", "LoadBalancer");
    await().atMost(WAIT).until(() -> !ingress("a").isEmpty() && !ingress("b").isEmpty());
    assertThat(List.of(ingress("a"), ingress("b"))).containsExactlyInAnyOrder("172.18.255.200/VIP", "172.18.255.201/VIP");
    create("c", "LoadBalancer");
    await().atMost(WAIT).until(() -> !events("c").isEmpty());
    assertThat(events("c")).containsExactly("Warning AllocationFailed: Failed to allocate IP for \"shop/c\": no available IPs: pool \"tiny\" exhausted (IPv4)");
    assertThat(ingress("c")).isEmpty();
    await().atMost(WAIT).until(() -> cluster.store.<IpAddressPool>get(Resources.IPADDRESSPOOLS, "metallb-system", "tiny").getStatus()
        .equals(Optional.of(new IpAddressPoolStatus(2, 0, 0, 0))));
  }

  @Test
  void aTypeChangeFreesTheAddressForTheNextPendingService() {
    create("a", "LoadBalancer");
    create("b", "LoadBalancer");
    await().atMost(WAIT).until(() -> !ingress("a").isEmpty() && !ingress("b").isEmpty());
    create("c", "LoadBalancer");
    String freed = ingress("a");
    cluster.store.guaranteedUpdate(Resources.SERVICES, NS, "a", (Service s) -> {
      s.getSpec().setType("ClusterIP");
      return s;
    });
    await().atMost(WAIT).until(() -> ingress("a").isEmpty() && ingress("c").equals(freed));
    cluster.store.delete(Resources.SERVICES, NS, "b");
    create("d", "LoadBalancer");
    await().atMost(WAIT).until(() -> !ingress("d").isEmpty());
    assertThat(events("d")).noneMatch(e -> e.startsWith("Warning"));
  }

  @Test
  void aNodePortServiceIsNeverGivenAnAddress() throws Exception {
    create("np", "NodePort");
    create("lb", "LoadBalancer");
    await().atMost(WAIT).until(() -> !ingress("lb").isEmpty());
    assertThat(ingress("np")).isEmpty();
    assertThat(cluster.store.<Service>get(Resources.SERVICES, NS, "lb").getMetadata().getAnnotations())
        .containsEntry("metallb.io/ip-allocated-from-pool", "tiny");
    assertThat(cluster.store.<Service>get(Resources.SERVICES, NS, "lb").getStatus().getLoadBalancer().getIngress())
        .extracting(LoadBalancerIngress::getIp).containsExactly("172.18.255.200");
  }
}

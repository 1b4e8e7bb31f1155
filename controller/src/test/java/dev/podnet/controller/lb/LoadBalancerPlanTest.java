package dev.podnet.controller.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.IpAddressPoolSpec;
import dev.podnet.api.metallb.IpAddressPoolStatus;
import dev.podnet.api.metallb.ServiceAllocation;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadBalancerPlanTest {
  private static final IpAddressPool DEFAULT = pool("default", "172.18.255.200-172.18.255.250");

  private static IpAddressPool pool(String name, String... addresses) {
    return pool(name, new IpAddressPoolSpec(List.of(addresses), null, null, null));
  }

  private static IpAddressPool pool(String name, IpAddressPoolSpec spec) {
    return new IpAddressPool(new ObjectMetaBuilder().withNamespace("metallb-system").withName(name).build(), spec);
  }

  private static int created;

  private static ServiceBuilder lb(String name, int port) {
    return new ServiceBuilder().withNewMetadata().withNamespace("shop").withName(name).withCreationTimestamp("2026-12-06T00:00:" + (10 + created++) + "Z")
        .endMetadata().withNewSpec().withType("LoadBalancer").addToSelector("app", name).addNewPort().withProtocol("TCP").withPort(port).endPort()
        .endSpec();
  }

  private static ServiceBuilder annotated(String name, int port, String annotation, String value) {
    return lb(name, port).editMetadata().addToAnnotations("metallb.io/" + annotation, value).endMetadata();
  }

  private static Service holding(ServiceBuilder b, String ip) {
    return b.withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).withIpMode("VIP").endIngress().endLoadBalancer().endStatus().build();
  }

  private static LoadBalancerPlan plan(List<IpAddressPool> pools, Service... services) {
    return LoadBalancerPlan.of(pools, List.of(services), ns -> Map.of("team", "blue"));
  }

  /** {@code name=ip,ip pool} or {@code name pending: reason} or {@code name released}, in plan order. */
  private static List<String> lines(LoadBalancerPlan plan) {
    List<String> out = new ArrayList<>();
    for (ServiceChange c : plan.services()) {
      if (c instanceof ServiceChange.Assign a) {
        out.add(a.name() + "=" + String.join(",", a.ips()) + " " + a.pool());
      } else if (c instanceof ServiceChange.Pending p) {
        out.add(p.name() + " pending: " + p.reason());
      } else {
        out.add(c.name() + " released");
      }
    }
    return out;
  }

  @Test
  void servicesGetTheFirstFreeAddressesInCreationOrder() {
    assertThat(lines(plan(List.of(DEFAULT), lb("a", 80).build(), lb("b", 80).build())))
        .containsExactly("a=172.18.255.200 default", "b=172.18.255.201 default");
  }

  @Test
  void anAddressHeldStaysAndIsNotGivenToAnOlderService() {
    Service older = lb("older", 80).build();
    Service newer = holding(lb("newer", 80), "172.18.255.200");
    newer.getMetadata().setAnnotations(Map.of("metallb.io/ip-allocated-from-pool", "default"));
    assertThat(lines(plan(List.of(DEFAULT), older, newer))).containsExactly("older=172.18.255.201 default");
  }

  @Test
  void loadBalancerIpAndTheAnnotationAreHonouredButNotBoth() {
    Service spec = lb("spec", 80).editSpec().withLoadBalancerIP("172.18.255.240").endSpec().build();
    Service ann = annotated("ann", 80, "loadBalancerIPs", "172.18.255.241").build();
    Service both = annotated("both", 80, "loadBalancerIPs", "172.18.255.242").editSpec().withLoadBalancerIP("172.18.255.243").endSpec().build();
    assertThat(lines(plan(List.of(DEFAULT), spec, ann, both))).containsExactly(
        "both pending: spec.loadBalancerIP and the metallb.io/loadBalancerIPs annotation are both set; use only the annotation",
        "spec=172.18.255.240 default", "ann=172.18.255.241 default");
  }

  @Test
  void ipv6AddressesAreWrittenAsKubectlAndMetalLbWriteThem() {
    IpAddressPool v6 = pool("v6", "fd00:18::ff00/120");
    Service wanted = annotated("wanted", 80, "loadBalancerIPs", "fd00:18:0:0:0:0:0:ff10").build();
    Service family = lb("family", 80).editSpec().withIpFamilies("IPv6").endSpec().build();
    assertThat(lines(plan(List.of(DEFAULT, v6), wanted, family))).containsExactly("wanted=fd00:18::ff10 v6", "family=fd00:18::ff00 v6");
  }

  @Test
  void aRequestedAddressOutsideEveryPoolLeavesTheServicePendingNeverWithAnotherAddress() {
    assertThat(lines(plan(List.of(DEFAULT), annotated("far", 80, "loadBalancerIPs", "10.9.9.9").build())))
        .containsExactly("far pending: requested IP 10.9.9.9 is in no IPAddressPool of metallb-system");
  }

  @Test
  void theAddressPoolAnnotationPicksThePoolEvenWithoutAutoAssign() {
    IpAddressPool manual = pool("manual", new IpAddressPoolSpec(List.of("10.250.0.0/30"), false, null, null));
    assertThat(lines(plan(List.of(DEFAULT, manual), annotated("m", 80, "address-pool", "manual").build(), lb("auto", 80).build(),
        annotated("ghost", 80, "address-pool", "nope").build())))
        .containsExactly("m=10.250.0.0 manual", "auto=172.18.255.200 default",
            "ghost pending: pool \"nope\" (metallb.io/address-pool) does not exist in metallb-system");
  }

  @Test
  void servicesWithTheSameSharingKeyAndOtherPortsShareOneAddress() {
    Service http = annotated("http", 80, "allow-shared-ip", "web").build();
    Service https = annotated("https", 443, "allow-shared-ip", "web").build();
    Service clash = annotated("clash", 80, "allow-shared-ip", "web").build();
    Service stranger = annotated("stranger", 8080, "allow-shared-ip", "other").build();
    assertThat(lines(plan(List.of(DEFAULT), http, https, clash, stranger))).containsExactly("http=172.18.255.200 default",
        "https=172.18.255.200 default", "clash=172.18.255.201 default", "stranger=172.18.255.202 default");
  }

  @Test
  void aRequestedAddressInUseWithoutSharingIsRefusedNamingItsHolder() {
    Service holder = holding(lb("holder", 80), "172.18.255.210");
    holder.getMetadata().setAnnotations(Map.of("metallb.io/ip-allocated-from-pool", "default"));
    assertThat(lines(plan(List.of(DEFAULT), holder, annotated("wants", 443, "loadBalancerIPs", "172.18.255.210").build()))).singleElement()
        .asString().startsWith("wants pending: requested IP 172.18.255.210 is used by shop/holder and cannot be shared");
  }

  @Test
  void anExhaustedPoolLeavesTheLastServicePending() {
    IpAddressPool tiny = pool("tiny", "10.250.0.1-10.250.0.2");
    assertThat(lines(plan(List.of(tiny), lb("a", 80).build(), lb("b", 80).build(), lb("c", 80).build())))
        .containsExactly("a=10.250.0.1 tiny", "b=10.250.0.2 tiny", "c pending: no available IPs: pool \"tiny\" exhausted (IPv4)");
    assertThat(plan(List.of(tiny), lb("a", 80).build()).pools()).containsEntry("tiny", new IpAddressPoolStatus(1, 0, 1, 0));
  }

  @Test
  void otherClassesAreLeftAloneAndATypeChangeReleasesTheAddress() {
    Service other = holding(lb("other", 80).editSpec().withLoadBalancerClass("example.com/lb").endSpec(), "1.2.3.4");
    Service now = holding(lb("was", 80).editSpec().withType("ClusterIP").endSpec(), "172.18.255.200");
    assertThat(lines(plan(List.of(DEFAULT), other, now))).containsExactly("was released");
  }

  @Test
  void aDeletedPoolLeavesItsAddressesAllocated() {
    Service holder = holding(lb("holder", 80), "172.18.255.220");
    assertThat(lines(plan(List.of(), holder))).isEmpty();
  }

  @Test
  void theLowestPriorityNumberWinsAndServiceAllocationSelects() {
    IpAddressPool blue = pool("blue", new IpAddressPoolSpec(List.of("10.1.0.0/24"), null, null,
        new ServiceAllocation(1, List.of(), List.of(new LabelSelectorBuilder().addToMatchLabels("team", "blue").build()), List.of())));
    IpAddressPool red = pool("red", new IpAddressPoolSpec(List.of("10.2.0.0/24"), null, null, new ServiceAllocation(0, List.of("red"), null, null)));
    assertThat(lines(plan(List.of(DEFAULT, red, blue), lb("s", 80).build()))).containsExactly("s=10.1.0.0 blue");
  }

  @Test
  void avoidBuggyIpsSkipsDotZeroAndIsNotCountedAsAvailable() {
    IpAddressPool p = pool("p", new IpAddressPoolSpec(List.of("10.3.0.0/24"), null, true, null));
    LoadBalancerPlan plan = plan(List.of(p), lb("s", 80).build());
    assertThat(lines(plan)).containsExactly("s=10.3.0.1 p");
    assertThat(plan.pools().get("p")).isEqualTo(new IpAddressPoolStatus(1, 0, 253, 0));
  }
}

package dev.podnet.agent.proxy;

import static dev.podnet.agent.proxy.Fixtures.*;
import static dev.podnet.agent.proxy.ServiceRendererTest.script;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import org.junit.jupiter.api.Test;

/** LoadBalancer ingress IPs: served like externalIPs, plus loadBalancerSourceRanges (kube-proxy's firewall chains). */
class LoadBalancerRulesTest {
  private static final EndpointSlice TWO = slice("web", "TCP", 8080, ready("10.244.0.5", "node-1"), ready("10.244.1.5", "node-2"));

  private static ServiceBuilder lb() {
    return service("web", "10.96.0.20", "TCP", 80).editSpec().withType("LoadBalancer").editFirstPort().withNodePort(30080).endPort().endSpec()
        .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("172.18.255.200").withIpMode("VIP").endIngress().endLoadBalancer().endStatus();
  }

  @Test
  void anIngressIpIsDispatchedLikeAnExternalIp() {
    assertThat(script(lb().build(), TWO))
        .contains("service-ips { 172.18.255.200 . tcp . 80 comment \"default/web:p\" : goto pick-external-tcp-2 }")
        .doesNotContain("add element ip podnet firewall-ips");
  }

  @Test
  void anIngressIpInProxyModeIsLeftToTheLoadBalancer() {
    Service proxied = lb().editStatus().editLoadBalancer().editFirstIngress().withIpMode("Proxy").endIngress().endLoadBalancer().endStatus().build();
    assertThat(script(proxied, TWO)).doesNotContain("172.18.255.200");
  }

  @Test
  void sourceRangesDropOtherSourcesBeforeDnatOnTheLoadBalancerIpOnly() {
    Service ranged = lb().editSpec().withLoadBalancerSourceRanges("192.168.7.0/24", "10.1.2.3/32").endSpec().build();
    String text = script(ranged, TWO);
    assertThat(text).contains("firewall-ips { 172.18.255.200 . tcp . 80 comment \"default/web:p\" : goto firewall-")
        .containsPattern("add rule ip podnet firewall-\\w+-default/web/tcp/p ip saddr != \\{ 192.168.7.0/24, 10.1.2.3/32 \\} drop")
        .contains("add rule ip podnet filter-prerouting ct state new jump firewall-check")
        .contains("add rule ip podnet firewall-check ip daddr . meta l4proto . th dport vmap @firewall-ips");
    assertThat(text.lines().filter(l -> l.startsWith("add element ip podnet firewall-ips"))).noneMatch(l -> l.contains("30080"));
  }

  @Test
  void aRangeHoldingTheNodeAlsoAllowsTheLoadBalancerIpItself() {
    Service ranged = lb().editSpec().withLoadBalancerSourceRanges("172.18.0.0/16").endSpec().build();
    assertThat(config().nodeIPs()).isNotEmpty();
    assertThat(script(ranged, TWO)).containsPattern("ip saddr != \\{ 172.18.0.0/16, 172.18.255.200 \\} drop");
  }

  @Test
  void theOldAnnotationCountsWhenTheFieldIsEmpty() {
    Service annotated = lb().editMetadata().addToAnnotations("service.beta.kubernetes.io/load-balancer-source-ranges", "192.168.7.0/24").endMetadata()
        .build();
    assertThat(script(annotated, TWO)).containsPattern("ip saddr != \\{ 192.168.7.0/24 \\} drop");
  }

  @Test
  void anUndefinedPortOfTheLoadBalancerIpIsRejectedNotRoutedBackOntoTheLan() {
    String text = script(lb().build(), TWO);
    assertThat(text).contains("add element ip podnet load-balancer-ips { 172.18.255.200 comment \"load-balancer-ips\" }")
        .contains("add rule ip podnet cluster-ips-check ip daddr @load-balancer-ips fib daddr type != local reject");
    Service proxied = lb().editStatus().editLoadBalancer().editFirstIngress().withIpMode("Proxy").endIngress().endLoadBalancer().endStatus().build();
    assertThat(script(proxied, TWO)).doesNotContain("add element ip podnet load-balancer-ips");
  }
}

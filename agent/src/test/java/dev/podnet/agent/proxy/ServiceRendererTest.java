package dev.podnet.agent.proxy;

import static dev.podnet.agent.proxy.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Named flows, checked on the rendered transaction text. */
class ServiceRendererTest {

  static String script(Service svc, EndpointSlice... slices) {
    Optional<RenderedService> r = ServiceRenderer.render(svc, List.of(slices), config());
    return perElement(Transaction.full(config(), r.map(x -> List.of(x.rules())).orElse(List.of()), Set.of()).script());
  }

  /** {@code add element T S { a, b }} as one line per element, so a flow names the element it expects. */
  static String perElement(String script) {
    StringBuilder out = new StringBuilder();
    for (String line : script.split("\n")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^((?:add|delete) element \\S+ \\S+ \\S+ \\{ )(.*) \\}$").matcher(line);
      if (m.matches()) {
        for (String e : m.group(2).split(", ")) {
          out.append(m.group(1)).append(e).append(" }\n");
        }
      } else {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  @Test
  void elementsOfOneSetShareACommandUpToAThousand() {
    EndpointSlice two = slice("web", "TCP", 8080, ready("10.244.0.5", "node-1"), ready("10.244.1.5", "node-2"));
    String text = Transaction.full(config(), List.of(ServiceRenderer.render(clusterIp("web", "10.96.0.20", 80), List.of(two), config())
        .orElseThrow().rules()), Set.of()).script();
    assertThat(text).contains("add element ip podnet endpoints-tcp { 10.96.0.20 . 80 . 0 comment \"default/web:p\" : 10.244.0.5 . 8080, "
        + "10.96.0.20 . 80 . 1 comment \"default/web:p\" : 10.244.1.5 . 8080 }\n");
  }

  static Stream<Arguments> flows() {
    Service web = clusterIp("web", "10.96.0.20", 80);
    EndpointSlice two = slice("web", "TCP", 8080, ready("10.244.0.5", "node-1"), ready("10.244.1.5", "node-2"));
    Service np = service("web", "10.96.0.20", "TCP", 80).editSpec().withType("NodePort").editFirstPort().withNodePort(30080).endPort().endSpec().build();
    Service local = service("web", "10.96.0.20", "TCP", 80).editSpec().withType("NodePort").withExternalTrafficPolicy("Local")
        .editFirstPort().withNodePort(30080).endPort().endSpec().build();
    Service itpLocal = service("web", "10.96.0.20", "TCP", 80).editSpec().withInternalTrafficPolicy("Local").endSpec().build();
    EndpointSlice remoteOnly = slice("web", "TCP", 8080, ready("10.244.1.5", "node-2"));
    Service affinity = service("web", "10.96.0.20", "TCP", 80).editSpec().withSessionAffinity("ClientIP").endSpec().build();
    Service extIp = service("web", "10.96.0.20", "TCP", 80).editSpec().withExternalIPs("172.18.255.200").endSpec().build();
    return Stream.of(
        Arguments.of("ClusterIP with endpoints -> a shared chain picks one of both by one map lookup",
            web, two, "add rule ip podnet pick-tcp-2 dnat ip to ip daddr . tcp dport . numgen random mod 2 map @endpoints-tcp"),
        Arguments.of("ClusterIP with endpoints -> numbered entries of the endpoint map, with the API's name",
            web, two, "add element ip podnet endpoints-tcp { 10.96.0.20 . 80 . 1 comment \"default/web:p\" : 10.244.1.5 . 8080 }"),
        Arguments.of("ClusterIP with many endpoints -> still one lookup",
            web, many(), "add element ip podnet service-ips { 10.96.0.20 . tcp . 80 comment \"default/web:p\" : goto pick-tcp-9 }"),
        Arguments.of("ClientIP affinity -> one numgen vmap lookup picks an endpoint chain",
            affinity, many(), "numgen random mod 9 vmap { 0 : goto endpoint-"),
        Arguments.of("NodePort eTP=Local -> its own chain picks by one inline-map lookup",
            local, two, "dnat ip to numgen random mod 2 map { 0 : 10.244.0.5 . 8080, 1 : 10.244.1.5 . 8080 } comment \"default/web:p\""),
        Arguments.of("ClusterIP with endpoints -> dispatch element with the API's name",
            web, two, "add element ip podnet service-ips { 10.96.0.20 . tcp . 80 comment \"default/web:p\" : goto pick-tcp-2 }"),
        Arguments.of("ClusterIP with no endpoints -> REJECT, not drop",
            web, slice("web", "TCP", 8080), "no-endpoint-services { 10.96.0.20 . tcp . 80 comment \"default/web:p\" : goto reject-chain }"),
        Arguments.of("only not-ready endpoints -> REJECT",
            web, slice("web", "TCP", 8080, endpoint("10.244.0.5", "node-1", false, false)), ": goto reject-chain }"),
        Arguments.of("nothing ready, one serving+terminating -> used (kube-proxy fallback)",
            web, slice("web", "TCP", 8080, endpoint("10.244.0.5", "node-1", false, true)),
            "endpoints-tcp { 10.96.0.20 . 80 . 0 comment \"default/web:p\" : 10.244.0.5 . 8080 }"),
        Arguments.of("hairpin -> the endpoint's pair in the shared hairpin set",
            web, two, "add element ip podnet hairpin { 10.244.0.5 . 10.244.0.5 comment \"hairpin\" }"),
        Arguments.of("hairpin -> nat postrouting marks DNATed pairs found in the set",
            web, two, "add rule ip podnet nat-postrouting ct status dnat ip saddr . ip daddr @hairpin jump mark-for-masquerade"),
        Arguments.of("NodePort eTP=Cluster -> its pick chain masquerades",
            np, two, "add rule ip podnet pick-nodeport-tcp-2 jump mark-for-masquerade"),
        Arguments.of("NodePort -> service-nodeports element",
            np, two, "service-nodeports { tcp . 30080 comment \"default/web:p\" : goto pick-nodeport-tcp-2 }"),
        Arguments.of("NodePort -> endpoints keyed by proto . port, on any node address",
            np, two, "nodeport-endpoints-tcp { 30080 . 0 comment \"default/web:p\" : 10.244.0.5 . 8080 }"),
        Arguments.of("externalIP eTP=Cluster -> masqueraded, then the cluster endpoints keyed by the externalIP",
            extIp, two, "service-ips { 172.18.255.200 . tcp . 80 comment \"default/web:p\" : goto pick-external-tcp-2 }"),
        Arguments.of("externalIP eTP=Cluster -> endpoint entries under the externalIP",
            extIp, two, "endpoints-tcp { 172.18.255.200 . 80 . 1 comment \"default/web:p\" : 10.244.1.5 . 8080 }"),
        Arguments.of("iTP=Local with a local endpoint -> only it",
            itpLocal, two, "endpoints-tcp { 10.96.0.20 . 80 . 0 comment \"default/web:p\" : 10.244.0.5 . 8080 }"),
        Arguments.of("NodePort eTP=Local -> a per-Service external chain (the choice depends on the source)",
            local, two, "external-XXXX ip saddr 10.244.0.0/16 goto service-"),
        Arguments.of("NodePort eTP=Local with no local endpoint -> the external chain drops what is not short-circuited",
            local, remoteOnly, "external-XXXX drop comment \"default/web:p\""),
        Arguments.of("NodePort eTP=Local with no local endpoint -> pods still reach every endpoint (kube-proxy's short-circuit)",
            local, remoteOnly, "external-XXXX ip saddr 10.244.0.0/16 goto service-"),
        Arguments.of("NodePort eTP=Local -> pods short-circuit to all endpoints",
            local, two, "ip saddr 10.244.0.0/16 goto service-"),
        Arguments.of("iTP=Local with no local endpoint -> drop (no fallback)",
            itpLocal, remoteOnly, "no-endpoint-services { 10.96.0.20 . tcp . 80 comment \"default/web:p\" : drop }"),
        Arguments.of("ClusterIP from outside the pod CIDR -> masquerade",
            web, two, "add rule ip podnet services ip daddr @cluster-ips ip saddr != 10.244.0.0/16 jump mark-for-masquerade"),
        Arguments.of("ClusterIP on an undefined port -> reject via cluster-ips",
            web, two, "add element ip podnet cluster-ips { 10.96.0.20 comment \"default/web\" }"));
  }

  static EndpointSlice many() {
    return slice("web", "TCP", 8080, java.util.stream.IntStream.range(0, 9)
        .mapToObj(i -> ready("10.244.0." + (10 + i), "node-1")).toArray(io.fabric8.kubernetes.api.model.discovery.v1.Endpoint[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flows")
  void flow(String name, Service svc, EndpointSlice slice, String expected) {
    String text = script(svc, slice).replaceAll("add rule ip podnet external-\\w+-\\S+ ", "external-XXXX ");
    assertThat(text).contains(expected);
  }

  @Test
  void podToClusterIpIsNeverMarkedForMasqueradeUnlessItIsHairpin() {
    String text = script(clusterIp("web", "10.96.0.20", 80), slice("web", "TCP", 8080, ready("10.244.0.5", "node-1")));
    assertThat(text.lines().filter(l -> l.contains("jump mark-for-masquerade")).toList()).allSatisfy(l ->
        assertThat(l).containsAnyOf("ip daddr @hairpin jump", "ip saddr != 10.244.0.0/16 jump"));
  }

  @Test
  void sessionAffinityChecksPerEndpointSetsFirstAndEndpointsRememberTheClient() {
    Service svc = service("web", "10.96.0.20", "TCP", 80).editSpec().withSessionAffinity("ClientIP")
        .withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(60).endClientIP().endSessionAffinityConfig().endSpec().build();
    String text = script(svc, slice("web", "TCP", 8080, ready("10.244.0.5", "node-1")));
    assertThat(text).contains("flags dynamic,timeout ; timeout 60s ;")
        .containsPattern("service-\\w+-default/web/tcp/p ip saddr @affinity-\\w+-default/web/tcp/p__10.244.0.5/8080 goto endpoint-")
        .containsPattern("update @affinity-\\w+-default/web/tcp/p__10.244.0.5/8080 \\{ ip saddr \\}");
    assertThat(text.indexOf("ip saddr @affinity-")).isLessThan(text.indexOf("tcp/p goto endpoint-"));
  }

  @Test
  void headlessExternalNameAndOtherProxysServicesAreIgnored() {
    EndpointSlice s = slice("web", "TCP", 8080, ready("10.244.0.5", "node-1"));
    Service headless = service("web", "None", "TCP", 80).build();
    Service external = service("web", "10.96.0.20", "TCP", 80).editSpec().withType("ExternalName").withExternalName("x.example").endSpec().build();
    Service other = service("web", "10.96.0.20", "TCP", 80).editMetadata().addToLabels(ProxyNames.SERVICE_PROXY_NAME_LABEL, "x").endMetadata().build();
    for (Service svc : List.of(headless, external, other)) {
      assertThat(ServiceRenderer.render(svc, List.of(s), config())).isEmpty();
    }
  }

  @Test
  void everyServiceRuleAndElementCarriesItsApiName() {
    Service np = service("web", "10.96.0.20", "UDP", 53).editSpec().withType("NodePort").withExternalIPs("172.18.255.200")
        .editFirstPort().withNodePort(30053).endPort().endSpec().build();
    RenderedService r = ServiceRenderer.render(np, List.of(slice("web", "UDP", 5353, ready("10.244.0.5", "node-1"))), config()).orElseThrow();
    r.rules().chains().stream().filter(c -> !SharedObjects.shared(c))
        .forEach(c -> assertThat(c.rules()).allSatisfy(rule -> assertThat(rule).endsWith("comment \"default/web:p\"")));
    r.rules().chains().forEach(c -> assertThat(c.rules()).allSatisfy(rule -> assertThat(rule).contains(" comment \"")));
    r.rules().elements().stream().filter(e -> !SharedObjects.shared(e)).forEach(e -> assertThat(e.comment()).startsWith("default/web"));
  }
}

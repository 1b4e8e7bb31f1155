package dev.podnet.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * FROM of every kind against fake API objects of a 2-node lab: pods a (node-1) and b, c (node-2),
 * Service hello selecting c and b (c not ready) with LB IP 172.18.255.200, Service empty without
 * endpoints, a hostNetwork pod on node-1, and the outside and edge clients.
 */
class SourcesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, JsonNode> objects = new HashMap<>();
  private final Resolver resolver = new Resolver(path -> Optional.ofNullable(objects.get(path)), "default");

  SourcesTest() {
    node("node-1", "172.18.0.2");
    node("node-2", "172.18.0.3");
    pod("default", "a", "node-1", "10.244.1.3", false);
    pod("default", "b", "node-2", "10.244.2.2", false);
    pod("default", "c", "node-2", "10.244.2.3", false);
    pod("kube-system", "agent", "node-1", "172.18.0.2", true);
    put("/api/v1/pods", "{\"items\":[" + String.join(",", objects.get("/api/v1/namespaces/default/pods/a").toString(),
        objects.get("/api/v1/namespaces/default/pods/b").toString(), objects.get("/api/v1/namespaces/default/pods/c").toString(),
        objects.get("/api/v1/namespaces/kube-system/pods/agent").toString()) + "]}");
    put("/api/v1/nodes", "{\"items\":[{\"metadata\":{\"name\":\"node-1\"}},{\"metadata\":{\"name\":\"node-2\"}}]}");
    String hello = "{\"metadata\":{\"namespace\":\"default\",\"name\":\"hello\"},\"spec\":{\"clusterIP\":\"10.96.7.7\",\"ports\":[{\"port\":80}]},"
        + "\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"172.18.255.200\"}]}}}";
    String empty = "{\"metadata\":{\"namespace\":\"default\",\"name\":\"empty\"},\"spec\":{\"clusterIP\":\"10.96.8.8\",\"ports\":[{\"port\":80}]}}";
    put("/api/v1/namespaces/default/services/hello", hello);
    put("/api/v1/namespaces/default/services/empty", empty);
    put("/api/v1/services", "{\"items\":[" + hello + "," + empty + "]}");
    put(slices("hello"), "{\"items\":[{\"endpoints\":["
        + "{\"addresses\":[\"10.244.2.3\"],\"conditions\":{\"ready\":false},\"targetRef\":{\"kind\":\"Pod\",\"namespace\":\"default\",\"name\":\"c\"}},"
        + "{\"addresses\":[\"10.244.2.2\"],\"conditions\":{\"ready\":true},\"targetRef\":{\"kind\":\"Pod\",\"namespace\":\"default\",\"name\":\"b\"}}]}]}");
    put(slices("empty"), "{\"items\":[{\"endpoints\":[]}]}");
    put("/apis/podnet.dev/v1/cluster", "{\"outside\":{\"netns\":\"/run/netns/pn-x-outside\",\"address\":\"172.18.0.100\"},"
        + "\"edge\":{\"netns\":\"/run/netns/pn-x-edge\",\"address\":\"172.18.0.254\"},"
        + "\"outsideRouted\":{\"netns\":\"/run/netns/pn-x-routed\",\"address\":\"192.168.77.2\"}}");
  }

  @Test
  void aServiceStartsInItsReadyEndpointPodAndSaysWhichOne() {
    Place from = resolver.source("svc/hello");
    assertThat(from.name()).isEqualTo("pn-x-default.b");
    assertThat(from.ip()).isEqualTo("10.244.2.2");
    assertThat(from.node()).contains("node-2");
    assertThat(from.role()).isEqualTo(Place.Role.FROM);
    assertThat(from.label()).isEqualTo("svc/default/hello (endpoint pod/default/b)");
    assertThat(resolver.source("svc/hello.default").name()).isEqualTo("pn-x-default.b");
  }

  @Test
  void aServiceWithoutAReadyEndpointIsAnErrorThatSaysWhereToLook() {
    assertThatThrownBy(() -> resolver.source("svc/empty")).isInstanceOf(TraceException.class)
        .hasMessageContaining("service default/empty has no ready endpoint pod")
        .hasMessageContaining("podnet get endpointslices -n default -l kubernetes.io/service-name=empty");
    assertThatThrownBy(() -> resolver.source("svc/nope.web")).isInstanceOf(TraceException.class)
        .hasMessageContaining("service web/nope not found");
  }

  @Test
  void aPodIpStartsInThatPod() {
    Place from = resolver.source("10.244.1.3");
    assertThat(from.name()).isEqualTo("pn-x-default.a");
    assertThat(from.label()).isEqualTo("10.244.1.3 (pod/default/a)");
    assertThat(from.role()).isEqualTo(Place.Role.FROM);
  }

  @Test
  void aNodesInternalIpStartsInTheNodeEvenWhenAHostNetworkPodSharesIt() {
    Place from = resolver.source("172.18.0.2");
    assertThat(from.name()).isEqualTo("pn-x-node-1");
    assertThat(from.label()).isEqualTo("172.18.0.2 (node/node-1)");
    assertThat(from.role()).isEqualTo(Place.Role.FROM);
  }

  @Test
  void theLabsClientsAddressesStartInTheirNamespaces() {
    assertThat(resolver.source("172.18.0.100")).satisfies(p -> {
      assertThat(p.name()).isEqualTo("pn-x-outside");
      assertThat(p.label()).isEqualTo("172.18.0.100 (outside)");
      assertThat(p.node()).isEmpty();
    });
    assertThat(resolver.source("172.18.0.254").name()).isEqualTo("pn-x-edge");
    assertThat(resolver.source("192.168.77.2").label()).isEqualTo("192.168.77.2 (outside-routed)");
    assertThat(resolver.source("outside").label()).isEqualTo("outside");
  }

  @Test
  void anLbIpOrClusterIpStartsInAnEndpointOfItsService() {
    Place lb = resolver.source("172.18.255.200");
    assertThat(lb.name()).isEqualTo("pn-x-default.b");
    assertThat(lb.label()).isEqualTo("172.18.255.200 (svc/default/hello, endpoint pod/default/b)");
    assertThat(resolver.source("10.96.7.7").name()).isEqualTo("pn-x-default.b");
    assertThatThrownBy(() -> resolver.source("10.96.8.8")).isInstanceOf(TraceException.class)
        .hasMessageContaining("service default/empty has no ready endpoint pod");
  }

  @Test
  void anIpNothingInTheLabHasIsAnErrorNamingIt() {
    assertThatThrownBy(() -> resolver.source("10.250.9.9")).isInstanceOf(TraceException.class)
        .hasMessageStartingWith("nothing in this lab has the IP 10.250.9.9");
  }

  @Test
  void podsByNameStillResolve() {
    assertThat(resolver.source("pod/default/c").label()).isEqualTo("pod/default/c");
    assertThat(resolver.source("c").role()).isEqualTo(Place.Role.FROM);
    assertThatThrownBy(() -> resolver.source("zz")).isInstanceOf(TraceException.class).hasMessageContaining("pod default/zz not found");
  }

  private void node(String name, String ip) {
    put("/api/v1/nodes/" + name, "{\"metadata\":{\"name\":\"" + name + "\"},\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"" + ip + "\"}]}}");
    put("/apis/podnet.dev/v1/nodes/" + name + "/namespaces", "{\"netns\":\"/run/netns/pn-x-" + name + "\"}");
  }

  private void pod(String ns, String name, String node, String ip, boolean hostNetwork) {
    put("/api/v1/namespaces/" + ns + "/pods/" + name, "{\"metadata\":{\"namespace\":\"" + ns + "\",\"name\":\"" + name + "\"},"
        + "\"spec\":{\"nodeName\":\"" + node + "\",\"hostNetwork\":" + hostNetwork + "},\"status\":{\"podIP\":\"" + ip + "\",\"podIPs\":[{\"ip\":\"" + ip + "\"}]}}");
    put("/apis/podnet.dev/v1/namespaces/" + ns + "/pods/" + name + "/sandbox", "{\"netns\":\"/run/netns/pn-x-" + ns + "." + name + "\",\"node\":\"" + node + "\"}");
  }

  private static String slices(String service) {
    return "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io/service-name%3D" + service;
  }

  private void put(String path, String json) {
    try {
      objects.put(path, JSON.readTree(json));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(path + ": " + e.getMessage(), e);
    }
  }
}

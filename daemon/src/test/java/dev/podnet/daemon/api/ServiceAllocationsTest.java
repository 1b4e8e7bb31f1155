package dev.podnet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.api.Resources;
import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ServiceAllocationsTest {
  private final MemoryStore store = new MemoryStore();
  private final Router router = router();

  private Router router() {
    store.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
    ServiceAllocations services = new ServiceAllocations(store, ClusterIpRange.parse("10.96.0.0/12"), NodePortRange.DEFAULT, new Random(1));
    return new Router(new ObjectEndpoints(store, services), new PodnetEndpoints(null));
  }

  private static String svc(String name, String spec) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + spec + "}}";
  }

  private void call(String method, String uri, String body) {
    router.apply(ApiRequest.of(method, uri, body.getBytes(StandardCharsets.UTF_8)));
  }

  private void create(String name, String spec) {
    call("POST", "/api/v1/namespaces/default/services", svc(name, spec));
  }

  private void put(String name, String spec) {
    call("PUT", "/api/v1/namespaces/default/services/" + name, svc(name, spec));
  }

  private Service stored(String name) {
    return store.get(Resources.SERVICES, "default", name);
  }

  private void refused(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.code()).isEqualTo(422);
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }

  @Test
  void aServiceGetsAClusterIpOfTheRangeButNeverTheReservedOnes() {
    create("web", "\"ports\":[{\"port\":80}]");
    String ip = stored("web").getSpec().getClusterIP();
    assertThat(ip).startsWith("10.").isNotIn("10.96.0.0", "10.96.0.1", "10.96.0.10");
    assertThat(ClusterIpRange.parse("10.96.0.0/12").offsetOf(ip)).isPositive();
    assertThat(stored("web").getSpec().getClusterIPs()).containsExactly(ip);
    create("dns", "\"clusterIP\":\"10.96.0.10\",\"ports\":[{\"port\":53,\"protocol\":\"UDP\"}]");
    assertThat(stored("dns").getSpec().getClusterIP()).isEqualTo("10.96.0.10");
  }

  @Test
  void aRequestedClusterIpIsHonouredOnceAndOnlyInsideTheRange() {
    create("a", "\"clusterIP\":\"10.96.0.5\",\"ports\":[{\"port\":80}]");
    refused(() -> create("b", "\"clusterIP\":\"10.96.0.5\",\"ports\":[{\"port\":80}]"),
        "Service \"b\" is invalid: spec.clusterIP: Invalid value: \"10.96.0.5\": provided IP is already allocated");
    refused(() -> create("c", "\"clusterIP\":\"10.112.0.1\",\"ports\":[{\"port\":80}]"),
        "Service \"c\" is invalid: spec.clusterIP: Invalid value: \"10.112.0.1\": provided IP is not in the valid range. "
            + "The range of valid IPs is 10.96.0.0/12");
    call("DELETE", "/api/v1/namespaces/default/services/a", "");
    create("b", "\"clusterIP\":\"10.96.0.5\",\"ports\":[{\"port\":80}]");
    assertThat(stored("b").getSpec().getClusterIP()).isEqualTo("10.96.0.5");
  }

  @Test
  void nodePortsAreAllocatedCheckedAndFreedWhenTheTypeGoesBackToClusterIp() {
    create("a", "\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30080}]");
    refused(() -> create("b", "\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30080}]"),
        "Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated");
    refused(() -> create("b", "\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":8080}]"),
        "Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. "
            + "The range of valid ports is 30000-32767");
    create("dns", "\"type\":\"NodePort\",\"ports\":[{\"name\":\"u\",\"port\":53,\"protocol\":\"UDP\"},{\"name\":\"t\",\"port\":53}]");
    assertThat(stored("dns").getSpec().getPorts().get(0).getNodePort()).isBetween(30000, 32767)
        .isEqualTo(stored("dns").getSpec().getPorts().get(1).getNodePort());

    put("a", "\"type\":\"ClusterIP\",\"ports\":[{\"port\":80,\"nodePort\":30080}]");
    assertThat(stored("a").getSpec().getPorts().get(0).getNodePort()).isNull();
    assertThat(stored("a").getSpec().getExternalTrafficPolicy()).isNull();
    create("b", "\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30080}]");
  }

  /** Issue 12's allocateLoadBalancerNodePorts: false: no nodePort is allocated, one asked for is still given. */
  @Test
  void aLoadBalancerWithoutNodePortAllocationGetsNoneUnlessItAsksForOne() {
    create("lb", "\"type\":\"LoadBalancer\",\"ports\":[{\"port\":80}]");
    assertThat(stored("lb").getSpec().getAllocateLoadBalancerNodePorts()).isTrue();
    assertThat(stored("lb").getSpec().getPorts().get(0).getNodePort()).isBetween(30000, 32767);
    create("bare", "\"type\":\"LoadBalancer\",\"allocateLoadBalancerNodePorts\":false,\"ports\":[{\"port\":80}]");
    assertThat(stored("bare").getSpec().getPorts().get(0).getNodePort()).isNull();
    create("given", "\"type\":\"LoadBalancer\",\"allocateLoadBalancerNodePorts\":false,\"ports\":[{\"port\":80,\"nodePort\":30081}]");
    assertThat(stored("given").getSpec().getPorts().get(0).getNodePort()).isEqualTo(30081);
  }

  @Test
  void anUpdateKeepsWhatWasAllocatedAndMayNotChangeTheClusterIp() {
    create("a", "\"type\":\"LoadBalancer\",\"externalTrafficPolicy\":\"Local\",\"ports\":[{\"port\":80}]");
    Service before = stored("a");
    assertThat(before.getSpec().getHealthCheckNodePort()).isBetween(30000, 32767);
    put("a", "\"type\":\"LoadBalancer\",\"externalTrafficPolicy\":\"Local\",\"ports\":[{\"port\":80}]");
    Service after = stored("a");
    assertThat(after.getSpec().getClusterIP()).isEqualTo(before.getSpec().getClusterIP());
    assertThat(after.getSpec().getPorts().get(0).getNodePort()).isEqualTo(before.getSpec().getPorts().get(0).getNodePort());
    assertThat(after.getSpec().getHealthCheckNodePort()).isEqualTo(before.getSpec().getHealthCheckNodePort());
    refused(() -> put("a", "\"type\":\"LoadBalancer\",\"clusterIP\":\"10.96.0.77\",\"ports\":[{\"port\":80}]"),
        "Service \"a\" is invalid: spec.clusterIP: Invalid value: \"10.96.0.77\": field is immutable");
  }

  @Test
  void allocationsSurviveARestartBecauseTheyAreReadFromTheStore() {
    create("a", "\"clusterIP\":\"10.96.0.5\",\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30080}]");
    Router restarted = new Router(new ObjectEndpoints(store), new PodnetEndpoints(null));
    refused(() -> restarted.apply(ApiRequest.of("POST", "/api/v1/namespaces/default/services",
        svc("b", "\"clusterIP\":\"10.96.0.5\",\"ports\":[{\"port\":80}]").getBytes(StandardCharsets.UTF_8))),
        "Service \"b\" is invalid: spec.clusterIP: Invalid value: \"10.96.0.5\": provided IP is already allocated");
  }

  @Test
  void aServiceWrittenPastTheAllocatorIsSeenBeforeAConflictIsReported() {
    ServiceAllocations services = new ServiceAllocations(store);
    store.create(dev.podnet.api.Json.read(svc("x", "\"clusterIP\":\"10.96.0.9\",\"ports\":[{\"port\":80}]"), Service.class)
        .edit().editMetadata().withNamespace("default").endMetadata().build());
    services.delete("default", "x");
    Service y = dev.podnet.api.Json.read(svc("y", "\"clusterIP\":\"10.96.0.9\",\"ports\":[{\"port\":80}]"), Service.class);
    y.getMetadata().setNamespace("default");
    assertThat(services.create(y, false).getSpec().getClusterIP()).isEqualTo("10.96.0.9");
  }

  @Test
  void theKubernetesServiceIsEnsuredOnceWithTheFirstAddress() {
    ServiceAllocations services = new ServiceAllocations(store);
    services.ensureKubernetesService();
    services.ensureKubernetesService();
    Service k = stored("kubernetes");
    assertThat(k.getSpec().getClusterIP()).isEqualTo("10.96.0.1");
    assertThat(k.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(6443);
    assertThat(store.find(Resources.ENDPOINTSLICES, "default", "kubernetes")).isPresent();
  }
}

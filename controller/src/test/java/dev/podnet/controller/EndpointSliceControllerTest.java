package dev.podnet.controller;

import static dev.podnet.controller.TestCluster.NS;
import static dev.podnet.controller.TestCluster.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podnet.api.Defaults;
import dev.podnet.api.PodNames;
import dev.podnet.api.Resources;
import dev.podnet.api.Services;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointSliceControllerTest {
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void close() throws Exception {
    cluster.close();
  }

  private void start() {
    cluster.closeLater(new EndpointSliceController(cluster.store)).start();
  }

  private static Service service(String name, Object targetPort) {
    IntOrString target = targetPort instanceof Integer i ? new IntOrString(i) : new IntOrString((String) targetPort);
    return Defaults.apply(new ServiceBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid("uid-" + name).endMetadata()
        .withNewSpec().addToSelector("app", "web").addNewPort().withName("http").withPort(80).withTargetPort(target).endPort().endSpec().build());
  }

  private static Pod pod(String name, String ip, int httpPort) {
    Pod p = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid("uid-" + name).addToLabels("app", "web").endMetadata()
        .withNewSpec().withNodeName("node-1").addNewContainer().withName("app").withImage("podnet/netexec")
        .addNewPort().withName("http").withContainerPort(httpPort).endPort().endContainer().endSpec()
        .withNewStatus().withPodIP(ip).withPhase("Running").endStatus().build();
    return Defaults.apply(p);
  }

  private List<EndpointSlice> slices() {
    return cluster.store.<EndpointSlice>list(Resources.ENDPOINTSLICES, NS).items();
  }

  private List<Endpoint> endpoints() {
    return slices().stream().flatMap(s -> s.getEndpoints() == null ? java.util.stream.Stream.<Endpoint>empty() : s.getEndpoints().stream()).toList();
  }

  @Test
  void aServiceGetsASliceOfItsPodsWithAddressesNodesConditionsAndTheResolvedPort() {
    cluster.store.create(service("web", "http"));
    cluster.store.create(pod("web-1", "10.244.1.5", 8080));
    cluster.store.create(pod("web-2", "", 8080));
    start();
    await().atMost(WAIT).until(() -> endpoints().size() == 1);
    EndpointSlice s = slices().get(0);
    assertThat(s.getMetadata().getName()).matches("web-[" + PodNames.ALPHABET + "]{5}");
    assertThat(s.getMetadata().getLabels()).containsEntry(Services.SERVICE_NAME_LABEL, "web")
        .containsEntry(Services.MANAGED_BY_LABEL, Services.MANAGED_BY_CONTROLLER);
    assertThat(s.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> assertThat(r.getUid())
        .isEqualTo(cluster.store.<Service>get(Resources.SERVICES, NS, "web").getMetadata().getUid()));
    assertThat(s.getAddressType()).isEqualTo("IPv4");
    assertThat(s.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getPort()).isEqualTo(8080);
      assertThat(p.getProtocol()).isEqualTo("TCP");
    });
    Endpoint e = s.getEndpoints().get(0);
    assertThat(e.getAddresses()).containsExactly("10.244.1.5");
    assertThat(e.getNodeName()).isEqualTo("node-1");
    assertThat(e.getTargetRef().getName()).isEqualTo("web-1");
    assertThat(e.getConditions().getReady()).isFalse();
    assertThat(e.getConditions().getServing()).isFalse();
    assertThat(e.getConditions().getTerminating()).isFalse();
  }

  @Test
  void readinessAndTerminationShowInTheConditionsAndAnIdleSyncWritesNothing() {
    cluster.store.create(service("web", 8080));
    cluster.store.create(pod("web-1", "10.244.1.5", 8080));
    start();
    await().atMost(WAIT).until(() -> endpoints().size() == 1);
    cluster.markReady(cluster.store.get(Resources.PODS, NS, "web-1"));
    await().atMost(WAIT).until(() -> endpoints().get(0).getConditions().getReady());
    cluster.store.<Pod>guaranteedUpdate(Resources.PODS, NS, "web-1", p -> {
      p.getMetadata().setDeletionTimestamp(Instant.now().toString());
      return p;
    });
    await().atMost(WAIT).until(() -> endpoints().get(0).getConditions().getTerminating());
    Endpoint e = endpoints().get(0);
    assertThat(e.getConditions().getReady()).isFalse();
    assertThat(e.getConditions().getServing()).isTrue();
    cluster.awaitQuiet(Duration.ofMillis(300));
    String rv = slices().get(0).getMetadata().getResourceVersion();
    cluster.store.<Service>guaranteedUpdate(Resources.SERVICES, NS, "web", s -> {
      s.getMetadata().setAnnotations(java.util.Map.of("touched", "yes"));
      return s;
    });
    cluster.awaitQuiet(Duration.ofMillis(300));
    assertThat(slices().get(0).getMetadata().getResourceVersion()).isEqualTo(rv);
  }

  @Test
  void podsGoingAwayLeaveAnEmptySliceAndTheServiceGoingAwayLeavesNone() {
    cluster.store.create(service("web", 8080));
    cluster.store.create(pod("web-1", "10.244.1.5", 8080));
    start();
    await().atMost(WAIT).until(() -> endpoints().size() == 1);
    cluster.store.delete(Resources.PODS, NS, "web-1");
    await().atMost(WAIT).until(() -> slices().size() == 1 && endpoints().isEmpty());
    cluster.store.delete(Resources.SERVICES, NS, "web");
    await().atMost(WAIT).until(() -> slices().isEmpty());
  }

  @Test
  void aServiceLosingItsSelectorLosesItsSlices() {
    cluster.store.create(service("web", 8080));
    cluster.store.create(pod("web-1", "10.244.1.5", 8080));
    start();
    await().atMost(WAIT).until(() -> endpoints().size() == 1);
    cluster.store.<Service>guaranteedUpdate(Resources.SERVICES, NS, "web", s -> {
      s.getSpec().setSelector(null);
      return s;
    });
    await().atMost(WAIT).until(() -> slices().isEmpty());
  }

  @Test
  void podsServingANamedPortOnDifferentNumbersGoToDifferentSlicesAndSlicesHoldAtMostAHundred() {
    Service web = service("web", "http");
    List<Pod> pods = new java.util.ArrayList<>(IntStream.range(0, 150)
        .mapToObj(i -> pod(String.format("web-%03d", i), "10.244.1." + (i + 1), 8080)).toList());
    pods.add(pod("web-other", "10.244.2.1", 9090));
    EndpointSlicePlan plan = EndpointSlicePlan.plan(web, pods, List.of());
    assertThat(plan.creates()).extracting(s -> s.getEndpoints().size()).containsExactly(100, 50, 1);
    assertThat(plan.creates().get(2).getPorts().get(0).getPort()).isEqualTo(9090);
    List<EndpointSlice> stored = plan.creates();
    IntStream.range(0, stored.size()).forEach(i -> stored.get(i).getMetadata().setName("web-" + i));
    assertThat(EndpointSlicePlan.plan(web, pods, stored).isEmpty()).isTrue();
    EndpointSlicePlan oneGone = EndpointSlicePlan.plan(web, pods.subList(1, pods.size()), stored);
    assertThat(oneGone.updates()).singleElement().satisfies(s -> assertThat(s.getMetadata().getName()).isEqualTo("web-0"));
    assertThat(oneGone.creates()).isEmpty();
    assertThat(oneGone.deletes()).isEmpty();
  }
}

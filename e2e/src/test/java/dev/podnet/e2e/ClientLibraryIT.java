package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.KernelTest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real client library against podnetd: fabric8's kubernetes-client with the kubeconfig
 * {@code podnet kubeconfig} prints (HTTPS, the cluster CA, the admin certificate), its informers,
 * and the same library inside a pod with in-cluster configuration.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientLibraryIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private final Podnet podnet = Podnet.forRun("cli");
  private KubernetesClient client;

  @BeforeAll
  void up() {
    podnet.up("--nodes", "2");
    String kubeconfig = podnet.ok("kubeconfig").out();
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
  }

  @AfterAll
  void down() {
    if (client != null) {
      client.close();
    }
    podnet.downAndForget();
  }

  /** What an informer's handler was told, in order: "ADD name", "UPDATE name", "DELETE name". */
  private static <T extends HasMetadata> List<String> record(SharedIndexInformer<T> informer) {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    informer.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T o) {
        seen.add("ADD " + o.getMetadata().getName());
      }

      @Override
      public void onUpdate(T before, T after) {
        if (!before.getMetadata().getResourceVersion().equals(after.getMetadata().getResourceVersion())) {
          seen.add("UPDATE " + after.getMetadata().getName());
        }
      }

      @Override
      public void onDelete(T o, boolean unknownFinalState) {
        seen.add("DELETE " + o.getMetadata().getName());
      }
    });
    return seen;
  }

  private static List<String> of(List<String> seen, String name) {
    synchronized (seen) {
      return seen.stream().filter(s -> s.endsWith(" " + name)).toList();
    }
  }

  private static void await(String what, Supplier<Boolean> ok) {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!ok.get()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
      }
      Podnet.sleep(100);
    }
  }

  /** The pod's phase; empty until the node runtime first reports a status. */
  private String phase(String pod) {
    Pod p = client.pods().inNamespace("default").withName(pod).get();
    return p == null || p.getStatus() == null || p.getStatus().getPhase() == null ? "" : p.getStatus().getPhase();
  }

  /** ADD first, DELETE last, UPDATEs in between and nothing after the DELETE. */
  private static void assertLifecycle(List<String> events, String name) {
    assertThat(events).as("events of " + name).isNotEmpty();
    assertThat(events.get(0)).isEqualTo("ADD " + name);
    assertThat(events.get(events.size() - 1)).isEqualTo("DELETE " + name);
    assertThat(events.subList(1, events.size() - 1)).allMatch(e -> e.equals("UPDATE " + name));
  }

  @Test
  void informersOnPodsServicesAndEndpointSlicesSeeAddsUpdatesAndDeletesInOrder() {
    SharedIndexInformer<Pod> pods = client.pods().inNamespace("default").inform();
    SharedIndexInformer<Service> services = client.services().inNamespace("default").inform();
    SharedIndexInformer<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace("default").inform();
    List<String> podEvents = record(pods);
    List<String> serviceEvents = record(services);
    List<String> sliceEvents = record(slices);
    try {
      client.resource(new PodBuilder().withNewMetadata().withNamespace("default").withName("informed").withLabels(Map.of("app", "informed")).endMetadata()
          .withNewSpec().withTerminationGracePeriodSeconds(1L).addNewContainer().withName("c").withImage("podnet/pause").endContainer().endSpec()
          .build()).create();
      client.resource(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("informed").endMetadata().withNewSpec()
          .withSelector(Map.of("app", "informed")).addNewPort().withPort(80).endPort().endSpec().build()).create();
      await("the pod runs", () -> "Running".equals(phase("informed")));
      client.pods().inNamespace("default").withName("informed").edit(p -> new PodBuilder(p).editMetadata().addToLabels("seen", "yes").endMetadata().build());
      client.services().inNamespace("default").withName("informed").edit(s -> new ServiceBuilder(s).editMetadata().addToLabels("seen", "yes").endMetadata().build());
      await("the pod's update is seen", () -> of(podEvents, "informed").size() >= 2);
      await("a slice for the service", () -> sliceEvents.stream().anyMatch(e -> e.startsWith("ADD informed-")));

      client.services().inNamespace("default").withName("informed").delete();
      client.pods().inNamespace("default").withName("informed").delete();
      await("the pod's deletion is seen", () -> of(podEvents, "informed").contains("DELETE informed"));
      await("the service's deletion is seen", () -> of(serviceEvents, "informed").contains("DELETE informed"));
      await("the slice's deletion is seen", () -> sliceEvents.stream().anyMatch(e -> e.startsWith("DELETE informed-")));

      assertLifecycle(of(podEvents, "informed"), "informed");
      assertLifecycle(of(serviceEvents, "informed"), "informed");
      String slice = sliceEvents.stream().filter(e -> e.startsWith("ADD informed-")).findFirst().orElseThrow().substring(4);
      assertLifecycle(of(sliceEvents, slice), slice);
      assertThat(of(podEvents, "informed")).as("the label edit and the graceful deletion are updates").hasSizeGreaterThanOrEqualTo(4);
    } finally {
      pods.close();
      services.close();
      slices.close();
    }
  }

  @Test
  void aClientInsideAPodUsesInClusterConfiguration() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path cp = Podnet.CHECKOUT.resolve("e2e/target/test-classpath.txt");
    String classpath = Podnet.CHECKOUT.resolve("e2e/target/test-classes") + ":" + Files.readString(cp).strip();
    client.resource(new PodBuilder().withNewMetadata().withNamespace("default").withName("in-cluster").endMetadata().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("probe").withImage("podnet/client").withCommand(java, "-Xmx64m", "-cp", classpath, InClusterProbe.class.getName())
        .endContainer().endSpec().build()).create();
    await("the in-cluster probe finishes", () -> {
      String phase = phase("in-cluster");
      return "Succeeded".equals(phase) || "Failed".equals(phase);
    });
    String log = client.pods().inNamespace("default").withName("in-cluster").getLog();
    assertThat(client.pods().inNamespace("default").withName("in-cluster").get().getStatus().getPhase()).as(log).isEqualTo("Succeeded");
    assertThat(log).contains("master=https://10.96.0.1:443/", "namespace=default", "in-cluster", "nodes=2");
  }
}

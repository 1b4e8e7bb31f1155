package dev.podnet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.api.Resources;
import dev.podnet.store.Informer;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store over a Kubernetes API, against fabric8's mock API server in CRUD mode as a stand-in for a real cluster. */
@EnableKubernetesMockClient(crud = true)
class ApiStoreTest {
  static KubernetesMockServer server;
  static KubernetesClient client;
  private ApiStore store;

  @BeforeEach
  void connect() {
    store = ApiStore.connect(ApiConnection.of(client.getConfiguration(), "the mock server"));
  }

  @Test
  void createsReadsUpdatesAndDeletes() {
    Service s = store.create(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
        .withNewSpec().withClusterIP("10.96.0.20").addNewPort().withPort(80).endPort().endSpec().build());
    assertThat(s.getMetadata().getResourceVersion()).isNotEmpty();
    assertThat(store.<Service>find(Resources.SERVICES, "default", "web")).get().extracting(x -> x.getSpec().getClusterIP()).isEqualTo("10.96.0.20");
    Service updated = store.guaranteedUpdate(Resources.SERVICES, "default", "web", (Service cur) -> {
      cur.getMetadata().setLabels(java.util.Map.of("app", "web"));
      return cur;
    });
    assertThat(updated.getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(client.services().inNamespace("default").withName("web").get().getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(store.<Service>list(Resources.SERVICES, "").items()).extracting(x -> x.getMetadata().getName()).containsExactly("web");
    store.delete(Resources.SERVICES, "default", "web");
    assertThat(store.<Service>find(Resources.SERVICES, "default", "web")).isEmpty();
  }

  @Test
  void aSecondCreateIsAlreadyExists() {
    Node n = new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build();
    store.create(n);
    assertThatThrownBy(() -> store.create(n)).isInstanceOfSatisfying(StoreException.class,
        e -> assertThat(e.is(StoreException.Reason.ALREADY_EXISTS)).isTrue());
  }

  @Test
  void anInformerOverTheApiSeesLaterChanges() {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata().build()).create();
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Informer<Node> nodes = new Informer<>(store, Resources.NODES, "")) {
      nodes.addHandler(n -> seen.add("add " + n.getMetadata().getName()), (o, n) -> seen.add("update " + n.getMetadata().getName()),
          n -> seen.add("delete " + n.getMetadata().getName()));
      nodes.start();
      nodes.awaitSynced(Duration.ofSeconds(10));
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-b").endMetadata().build()).create();
      client.nodes().withName("node-a").delete();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add node-b") && seen.contains("delete node-a"));
      assertThat(nodes.get("", "node-b")).isPresent();
      assertThat(nodes.get("", "node-a")).isEmpty();
    }
  }
}

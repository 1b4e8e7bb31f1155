package dev.podnet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectEndpointsTest {
  private final MemoryStore store = new MemoryStore();
  private final Router router = new Router(new ObjectEndpoints(store), new PodnetEndpoints(null));

  ObjectEndpointsTest() {
    store.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
    store.create(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder().withNewMetadata().withName("default").withNamespace("default")
        .endMetadata().build());
  }

  private static final String POD = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"labels\":{\"app\":\"web\"}},"
      + "\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"podnet/pause\"}]}}";

  private ApiResponse call(String method, String uri, String body) {
    return router.apply(ApiRequest.of(method, uri, body.getBytes(StandardCharsets.UTF_8)));
  }

  private static int code(ApiResponse r) {
    return ((ApiResponse.Json) r).code();
  }

  @Test
  void pathsFollowTheKubernetesRestLayout() {
    ObjectPath p = ObjectPath.parse(List.of("api", "v1", "namespaces", "shop", "pods", "web", "status")).orElseThrow();
    assertThat(p.type()).isEqualTo(Resources.PODS);
    assertThat(p.namespace()).isEqualTo("shop");
    assertThat(p.name()).isEqualTo("web");
    assertThat(p.subresource()).isEqualTo("status");
    assertThat(ObjectPath.parse(List.of("apis", "apps", "v1", "deployments")).orElseThrow().namespace()).isEmpty();
    assertThat(ObjectPath.parse(List.of("api", "v1", "nodes", "node-1")).orElseThrow().type()).isEqualTo(Resources.NODES);
    assertThat(ObjectPath.parse(List.of("apis", "apps", "v1", "pods"))).isEmpty();
  }

  @Test
  void aPodRunsAsTheDefaultServiceAccountAndOneNamingAMissingAccountIsRefused() {
    assertThat(code(call("POST", "/api/v1/namespaces/default/pods", POD))).isEqualTo(201);
    assertThat(store.<Pod>get(Resources.PODS, "default", "web").getSpec().getServiceAccountName()).isEqualTo("default");
    String other = POD.replace("\"web\"", "\"other\"").replace("\"spec\":{", "\"spec\":{\"serviceAccountName\":\"robot\",");
    assertThatThrownBy(() -> call("POST", "/api/v1/namespaces/default/pods", other)).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.code()).isEqualTo(403);
      assertThat(e.getMessage()).isEqualTo("pods \"other\" is forbidden: error looking up service account default/robot: serviceaccount \"robot\" not found");
    });
  }

  @Test
  void createDefaultsAndStoresThenASecondCreateIsAlreadyExists() {
    assertThat(code(call("POST", "/api/v1/namespaces/default/pods", POD))).isEqualTo(201);
    Pod stored = store.get(Resources.PODS, "default", "web");
    assertThat(stored.getSpec().getRestartPolicy()).isEqualTo("Always");
    assertThatThrownBy(() -> call("POST", "/api/v1/namespaces/default/pods", POD))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.reason()).isEqualTo("AlreadyExists");
          assertThat(e.getMessage()).isEqualTo("pods \"web\" already exists");
        });
  }

  @Test
  void anInvalidObjectIsRejectedWithTheFieldAndNothingIsStored() {
    String bad = POD.replace("\"containers\":[{\"name\":\"a\",\"image\":\"podnet/pause\"}]",
        "\"containers\":[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"a\",\"image\":\"y\"}]");
    assertThatThrownBy(() -> call("POST", "/api/v1/namespaces/default/pods", bad))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.getMessage()).startsWith("Pod \"web\" is invalid: ").contains("spec.containers[1].name: Duplicate value: \"a\"");
        });
    assertThat(store.find(Resources.PODS, "default", "web")).isEmpty();
  }

  @Test
  void dryRunValidatesWithoutStoring() {
    assertThat(code(call("POST", "/api/v1/namespaces/default/pods?dryRun=All", POD))).isEqualTo(200);
    assertThat(store.find(Resources.PODS, "default", "web")).isEmpty();
  }

  @Test
  void anUnknownNamespaceIsNotFound() {
    assertThatThrownBy(() -> call("POST", "/api/v1/namespaces/nope/pods", POD)).hasMessage("namespaces \"nope\" not found");
  }

  @Test
  void aStaleResourceVersionConflicts() {
    call("POST", "/api/v1/namespaces/default/pods", POD);
    String rv = store.get(Resources.PODS, "default", "web").getMetadata().getResourceVersion();
    String v1 = POD.replace("\"name\":\"web\",", "\"name\":\"web\",\"resourceVersion\":\"" + rv + "\",").replace("\"app\":\"web\"", "\"app\":\"web\",\"v\":\"1\"");
    assertThat(code(call("PUT", "/api/v1/namespaces/default/pods/web", v1))).isEqualTo(200);
    assertThatThrownBy(() -> call("PUT", "/api/v1/namespaces/default/pods/web", v1.replace("\"v\":\"1\"", "\"v\":\"2\"")))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.reason()).isEqualTo("Conflict"));
  }

  @Test
  void listsFilterByLabelSelector() {
    call("POST", "/api/v1/namespaces/default/pods", POD);
    call("POST", "/api/v1/namespaces/default/pods", POD.replace("\"web\"", "\"db\""));
    @SuppressWarnings("unchecked")
    Map<String, Object> l = (Map<String, Object>) ((ApiResponse.Json) call("GET", "/api/v1/pods?labelSelector=app%3Dweb", "")).body();
    assertThat(l.get("kind")).isEqualTo("PodList");
    assertThat(Json.write(l.get("items"))).contains("\"name\":\"web\"").doesNotContain("\"name\":\"db\"");
  }

  @Test
  void deletingABoundPodMarksItForItsNodeAndAnUnboundOneGoesAtOnce() {
    call("POST", "/api/v1/namespaces/default/pods", POD.replace("\"spec\":{", "\"spec\":{\"nodeName\":\"node-1\","));
    call("DELETE", "/api/v1/namespaces/default/pods/web?gracePeriodSeconds=5", "");
    Pod marked = store.get(Resources.PODS, "default", "web");
    assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(marked.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(5L);
    call("POST", "/api/v1/namespaces/default/pods", POD.replace("\"web\"", "\"loose\""));
    call("DELETE", "/api/v1/namespaces/default/pods/loose", "");
    assertThat(store.find(Resources.PODS, "default", "loose")).isEmpty();
  }

  @Test
  void statusChangesOnlyThroughTheStatusSubresource() {
    call("POST", "/api/v1/namespaces/default/pods", POD);
    call("PUT", "/api/v1/namespaces/default/pods/web/status", POD.replace("\"spec\":", "\"status\":{\"phase\":\"Running\"},\"spec\":"));
    assertThat(store.<Pod>get(Resources.PODS, "default", "web").getStatus().getPhase()).isEqualTo("Running");
    call("PUT", "/api/v1/namespaces/default/pods/web", POD.replace("\"spec\":", "\"status\":{\"phase\":\"Failed\"},\"spec\":"));
    assertThat(store.<Pod>get(Resources.PODS, "default", "web").getStatus().getPhase()).isEqualTo("Running");
  }
}

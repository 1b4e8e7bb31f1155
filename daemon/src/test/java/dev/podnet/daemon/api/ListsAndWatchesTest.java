package dev.podnet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ListsAndWatchesTest {
  private final MemoryStore store = new MemoryStore();
  private final Router router = new Router(new ObjectEndpoints(store, new ServiceAllocations(store), Duration.ofMillis(200)), new PodnetEndpoints(null));

  ListsAndWatchesTest() {
    for (String ns : List.of("default", "shop")) {
      store.create(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build());
    }
    pod("default", "a", "node-1", "web");
    pod("default", "b", "node-2", "web");
    pod("default", "c", "", "db");
    pod("shop", "d", "node-1", "web");
  }

  private void pod(String ns, String name, String node, String app) {
    store.create(new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels("app", app).endMetadata()
        .withNewSpec().withNodeName(node.isEmpty() ? null : node).addNewContainer().withName("c").withImage("podnet/pause").endContainer()
        .endSpec().build());
  }

  private JsonNode get(String uri) {
    ApiResponse r = router.apply(ApiRequest.of("GET", uri, new byte[0]));
    return Json.mapper().valueToTree(((ApiResponse.Json) r).body());
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("items").forEach(i -> out.add(i.path("metadata").path("name").asText()));
    return out;
  }

  @Test
  void fieldSelectorsPickPodsByNodeAcrossNamespaces() {
    assertThat(names(get("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1"))).containsExactly("a", "d");
    assertThat(names(get("/api/v1/namespaces/default/pods?fieldSelector=spec.nodeName%3D"))).containsExactly("c");
    assertThat(names(get("/api/v1/pods?fieldSelector=metadata.namespace!%3Ddefault"))).containsExactly("d");
    assertThat(names(get("/api/v1/pods?labelSelector=app%3Dweb&fieldSelector=spec.nodeName!%3Dnode-1"))).containsExactly("b");
  }

  @Test
  void anUnsupportedFieldIsABadRequest() {
    assertThatThrownBy(() -> get("/api/v1/pods?fieldSelector=spec.hostname%3Dx"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessage("field label not supported: spec.hostname");
  }

  @Test
  void limitAndContinueWalkTheListWithRemainingItemCount() {
    JsonNode first = get("/api/v1/pods?limit=3");
    assertThat(names(first)).containsExactly("a", "b", "c");
    assertThat(first.path("metadata").path("remainingItemCount").asLong()).isEqualTo(1);
    String token = first.path("metadata").path("continue").asText();
    JsonNode rest = get("/api/v1/pods?limit=3&continue=" + token);
    assertThat(names(rest)).containsExactly("d");
    assertThat(rest.path("metadata").has("continue")).isFalse();
    assertThat(rest.path("metadata").path("resourceVersion").asText()).isEqualTo(first.path("metadata").path("resourceVersion").asText());
  }

  @Test
  void aCompactedContinueTokenIsGone() {
    String token = get("/api/v1/pods?limit=1").path("metadata").path("continue").asText();
    pod("default", "e", "", "web");
    store.compact(store.revision());
    assertThatThrownBy(() -> get("/api/v1/pods?limit=1&continue=" + token))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(410))
        .hasMessageStartingWith("The provided continue parameter is too old");
  }

  @Test
  void deleteCollectionDeletesWhatTheSelectorsPickAndAnswersTheList() {
    ApiResponse r = router.apply(ApiRequest.of("DELETE", "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb", new byte[0]));
    JsonNode deleted = Json.mapper().valueToTree(((ApiResponse.Json) r).body());
    assertThat(deleted.path("kind").asText()).isEqualTo("PodList");
    assertThat(names(deleted)).containsExactly("a", "b");
    // bound pods go gracefully, as a single DELETE: marked, left for their node to stop
    assertThat(deleted.path("items").get(0).path("metadata").has("deletionTimestamp")).isTrue();
    Pod c = store.get(Resources.PODS, "default", "c");
    assertThat(c.getMetadata().getDeletionTimestamp()).isNull();
    router.apply(ApiRequest.of("DELETE", "/api/v1/namespaces/default/pods?fieldSelector=spec.nodeName%3D", new byte[0]));
    assertThat(store.find(Resources.PODS, "default", "c")).isEmpty();
  }

  @Test
  void aNewNamespaceIsActiveWithTheKubernetesFinalizer() {
    String ns = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"fresh\"}}";
    router.apply(ApiRequest.of("POST", "/api/v1/namespaces", ns.getBytes(StandardCharsets.UTF_8)));
    Namespace stored = store.get(Resources.NAMESPACES, "", "fresh");
    assertThat(stored.getStatus().getPhase()).isEqualTo("Active");
    assertThat(stored.getSpec().getFinalizers()).containsExactly("kubernetes");
  }

  @Test
  void aDeletedNamespaceTerminatesAndRefusesNewContent() {
    router.apply(ApiRequest.of("DELETE", "/api/v1/namespaces/shop", new byte[0]));
    Namespace ns = store.get(Resources.NAMESPACES, "", "shop");
    assertThat(ns.getStatus().getPhase()).isEqualTo("Terminating");
    assertThat(ns.getSpec().getFinalizers()).containsExactly("kubernetes");
    assertThat(ns.getMetadata().getDeletionTimestamp()).isNotNull();
    String pod = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\"},\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"i\"}]}}";
    assertThatThrownBy(() -> router.apply(ApiRequest.of("POST", "/api/v1/namespaces/shop/pods", pod.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(403))
        .hasMessage("pods \"x\" is forbidden: unable to create new content in namespace shop because it is being terminated");
    for (String immortal : List.of("default", "kube-system", "kube-public")) {
      assertThatThrownBy(() -> router.apply(ApiRequest.of("DELETE", "/api/v1/namespaces/" + immortal, new byte[0])))
          .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(403));
    }
  }

  @Test
  void aWatchSendsSelectedChangesBookmarksAndEndsAfterItsTimeout() throws Exception {
    String rv = get("/api/v1/namespaces/default/pods").path("metadata").path("resourceVersion").asText();
    List<JsonNode> events = new CopyOnWriteArrayList<>();
    Thread t = watch("/api/v1/namespaces/default/pods?watch=true&fieldSelector=spec.nodeName%3Dnode-1&allowWatchBookmarks=true"
        + "&timeoutSeconds=1&resourceVersion=" + rv, events);
    pod("default", "n1", "node-1", "web");
    pod("default", "n2", "node-2", "web");
    t.join(5000);
    assertThat(t.isAlive()).as("the watch ended after timeoutSeconds").isFalse();
    assertThat(events.stream().filter(e -> !e.path("type").asText().equals("BOOKMARK")).map(e -> e.path("type").asText() + " "
        + e.path("object").path("metadata").path("name").asText()).toList()).containsExactly("ADDED n1");
    JsonNode bookmark = events.stream().filter(e -> e.path("type").asText().equals("BOOKMARK")).findFirst().orElseThrow();
    assertThat(bookmark.path("object").path("kind").asText()).isEqualTo("Pod");
    assertThat(bookmark.path("object").path("metadata").path("resourceVersion").asLong()).isEqualTo(store.revision());
  }

  @Test
  void aFilteredWatchReportsObjectsEnteringAndLeavingItsSelection() throws Exception {
    String rv = get("/api/v1/namespaces/default/pods").path("metadata").path("resourceVersion").asText();
    List<JsonNode> events = new CopyOnWriteArrayList<>();
    Thread t = watch("/api/v1/namespaces/default/pods?watch=true&labelSelector=app%3Dweb&timeoutSeconds=1&resourceVersion=" + rv, events);
    relabel("c", "web");
    relabel("c", "cache");
    relabel("a", "api");
    t.join(5000);
    assertThat(events.stream().map(e -> e.path("type").asText() + " " + e.path("object").path("metadata").path("name").asText() + " "
        + e.path("object").path("metadata").path("labels").path("app").asText()).toList())
        .containsExactly("ADDED c web", "DELETED c web", "DELETED a web");
    assertThat(events.get(1).path("object").path("metadata").path("resourceVersion").asLong()).isGreaterThan(
        events.get(0).path("object").path("metadata").path("resourceVersion").asLong());
  }

  private void relabel(String name, String app) {
    store.<Pod>guaranteedUpdate(Resources.PODS, "default", name, p -> {
      p.getMetadata().getLabels().put("app", app);
      return p;
    });
  }

  @Test
  void watchListSendsTheStateThenAnInitialEventsEndBookmark() throws Exception {
    List<JsonNode> events = new CopyOnWriteArrayList<>();
    Thread t = watch("/api/v1/namespaces/default/pods?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan"
        + "&allowWatchBookmarks=true&timeoutSeconds=1", events);
    t.join(5000);
    assertThat(events.subList(0, 4).stream().map(e -> e.path("type").asText()).toList()).containsExactly("ADDED", "ADDED", "ADDED", "BOOKMARK");
    assertThat(events.get(3).path("object").path("metadata").path("annotations").path("k8s.io/initial-events-end").asText()).isEqualTo("true");
    assertThatThrownBy(() -> router.apply(ApiRequest.of("GET", "/api/v1/pods?watch=true&sendInitialEvents=true", new byte[0])))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(422));
  }

  @Test
  void aWatchFromACompactedRevisionEndsWithAnExpiredError() throws Exception {
    pod("default", "e", "", "web");
    store.compact(store.revision());
    List<JsonNode> events = new CopyOnWriteArrayList<>();
    Thread t = watch("/api/v1/namespaces/default/pods?watch=true&resourceVersion=2", events);
    t.join(5000);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("type").asText()).isEqualTo("ERROR");
    assertThat(events.get(0).path("object").path("code").asInt()).isEqualTo(410);
    assertThat(events.get(0).path("object").path("message").asText()).startsWith("too old resource version: 2");
  }

  private Thread watch(String uri, List<JsonNode> events) throws InterruptedException {
    ApiResponse.Stream s = (ApiResponse.Stream) router.apply(ApiRequest.of("GET", uri, new byte[0]));
    Thread t = new Thread(() -> {
      try {
        s.producer().produce(new ApiResponse.StreamSink() {
          @Override
          public void write(String chunk) {
            chunk.lines().forEach(l -> events.add(Json.read(l, JsonNode.class)));
          }

          @Override
          public boolean isOpen() {
            return true;
          }

          @Override
          public void onClose(Runnable r) {}
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    t.start();
    Thread.sleep(300); // the watch is open before the test writes
    return t;
  }
}

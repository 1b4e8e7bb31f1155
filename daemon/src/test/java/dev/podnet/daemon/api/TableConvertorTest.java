package dev.podnet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.api.print.Columns;
import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class TableConvertorTest {
  private static final String KUBECTL_GET = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
      + "application/json";
  /** The store stamps objects with the time they are created; an hour and a half minute on, every AGE reads 60m. */
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3630);

  private final MemoryStore store = new MemoryStore();
  private final ObjectEndpoints objects = new ObjectEndpoints(store);
  private final TableConvertor tables = new TableConvertor(Clock.fixed(NOW, ZoneOffset.UTC));

  TableConvertorTest() {
    store.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
    store.create(pod("web", "10.244.1.5", "node-1"));
    store.create(pod("db", "", ""));
  }

  private static Pod pod(String name, String ip, String node) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewSpec().addNewContainer().withName("a").withImage("podnet/pause").endContainer().withNodeName(node.isEmpty() ? null : node)
        .endSpec().withNewStatus().withPhase(ip.isEmpty() ? "Pending" : "Running").withPodIP(ip.isEmpty() ? null : ip).endStatus().build();
  }

  private ApiResponse get(String uri, String accept) {
    ApiRequest r = ApiRequest.of("GET", uri, Map.of("Accept", accept), Caller.ADMIN, new byte[0]);
    ObjectPath p = ObjectPath.parse(r.segments()).orElseThrow();
    return tables.convert(r, p, objects.handle(r, p));
  }

  private static JsonNode body(ApiResponse r) {
    return Json.mapper().valueToTree(((ApiResponse.Json) r).body());
  }

  @Test
  void kubectlGetReceivesATableWithTheColumnsPodnetGetPrints() {
    JsonNode table = body(get("/api/v1/namespaces/default/pods", KUBECTL_GET));
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    List<String> headers = new ArrayList<>();
    List<String> wide = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> (c.path("priority").asInt() == 0 ? headers : wide).add(c.path("name").asText()));
    assertThat(headers).containsExactly("Name", "Ready", "Status", "Restarts", "Age");
    assertThat(wide).containsExactly("IP", "Node", "Nominated Node", "Readiness Gates");
    assertThat(table.path("columnDefinitions").get(0).path("format").asText()).isEqualTo("name");
    assertThat(cells(table, 0)).containsExactly("db", "0/1", "Pending", "0", "60m", "<none>", "<none>", "<none>", "<none>");
    assertThat(cells(table, 1)).containsExactly("web", "0/1", "Running", "0", "60m", "10.244.1.5", "node-1", "<none>", "<none>");
    assertThat(table.path("metadata").path("resourceVersion").asText()).isNotEmpty();
  }

  @Test
  void rowsAreWhatPodnetGetPrintsForTheSameObjects() {
    JsonNode table = body(get("/api/v1/namespaces/default/pods", KUBECTL_GET));
    List<JsonNode> pods = List.of(Json.mapper().valueToTree(store.get(Resources.PODS, "default", "db")),
        Json.mapper().valueToTree(store.get(Resources.PODS, "default", "web")));
    for (int i = 0; i < pods.size(); i++) {
      assertThat(cells(table, i)).isEqualTo(Columns.of(Resources.PODS).cells(pods.get(i), NOW, true));
    }
    List<String> printed = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> printed.add(c.path("name").asText().toUpperCase(java.util.Locale.ROOT)));
    assertThat(printed).isEqualTo(Columns.of(Resources.PODS).headers(true));
  }

  @Test
  void rowsCarryPartialObjectMetadataByDefaultTheObjectOrNothingOnRequest() {
    JsonNode row = body(get("/api/v1/namespaces/default/pods/web", KUBECTL_GET)).path("rows").get(0);
    assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(row.path("object").path("metadata").path("namespace").asText()).isEqualTo("default");
    assertThat(row.path("object").has("spec")).isFalse();
    JsonNode full = body(get("/api/v1/namespaces/default/pods/web?includeObject=Object", KUBECTL_GET)).path("rows").get(0);
    assertThat(full.path("object").path("kind").asText()).isEqualTo("Pod");
    assertThat(full.path("object").path("spec").path("nodeName").asText()).isEqualTo("node-1");
    JsonNode none = body(get("/api/v1/namespaces/default/pods/web?includeObject=None", KUBECTL_GET)).path("rows").get(0);
    assertThat(none.has("object")).isFalse();
  }

  @Test
  void everyKindGetsItsOwnColumnsAndTheTableVersionAsked() {
    JsonNode table = body(get("/api/v1/namespaces", KUBECTL_GET.replace("Table;v=v1;", "Table;v=v1beta1;")));
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
    store.create(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("conf").withNamespace("default").endMetadata().build());
    JsonNode cm = body(get("/api/v1/namespaces/default/configmaps", KUBECTL_GET));
    assertThat(StreamSupport.stream(cm.path("columnDefinitions").spliterator(), false).map(c -> c.path("name").asText())).containsExactly("Name", "Data", "Age");
    assertThat(cells(cm, 0)).containsExactly("conf", "0", "60m");
  }

  @Test
  void plainJsonFirstMeansNoTable() {
    ApiResponse r = get("/api/v1/namespaces/default/pods", "application/json, application/json;as=Table;v=v1;g=meta.k8s.io");
    assertThat(body(r).path("kind").asText()).isEqualTo("PodList");
    assertThat(body(get("/api/v1/namespaces/default/pods", "*/*")).path("kind").asText()).isEqualTo("PodList");
  }

  @Test
  void watchEventsAreOneRowTablesWithColumnDefinitionsOnlyOnTheFirst() throws Exception {
    ApiResponse.Stream s = (ApiResponse.Stream) get("/api/v1/namespaces/default/pods?watch=1&resourceVersion=0", KUBECTL_GET);
    List<String> lines = new ArrayList<>();
    RecordingSink sink = new RecordingSink(lines, 2);
    s.producer().produce(sink);
    JsonNode first = Json.mapper().readTree(lines.get(0));
    JsonNode second = Json.mapper().readTree(lines.get(1));
    assertThat(first.path("type").asText()).isEqualTo("ADDED");
    assertThat(first.path("object").path("kind").asText()).isEqualTo("Table");
    assertThat(first.path("object").path("columnDefinitions")).hasSize(9);
    assertThat(first.path("object").path("rows")).hasSize(1);
    assertThat(second.path("object").path("columnDefinitions")).isEmpty();
    assertThat(second.path("object").path("rows").get(0).path("cells").get(0).asText()).isIn("web", "db");
  }

  @Test
  void aWatchEventSplitOverChunksIsConvertedOnceWhole() throws Exception {
    List<String> lines = new ArrayList<>();
    RecordingSink recorder = new RecordingSink(lines, 1);
    WatchTableSink sink = new WatchTableSink(recorder, new TableConvertor.TableShape(Columns.of(Resources.PODS), "meta.k8s.io/v1",
        TableConvertor.Include.METADATA, Clock.fixed(NOW, ZoneOffset.UTC)));
    Pod web = store.get(Resources.PODS, "default", "web");
    String event = Json.write(Map.of("type", "ADDED", "object", web)) + "\n";
    sink.write(event.substring(0, 10));
    assertThat(lines).isEmpty();
    sink.write(event.substring(10));
    assertThat(lines).hasSize(1);
    assertThat(Json.mapper().readTree(lines.get(0)).path("object").path("rows").get(0).path("cells").get(0).asText()).isEqualTo("web");
  }

  @Test
  void aBookmarkIsATableWithoutRowsAndLeavesTheColumnsToTheFirstRow() throws Exception {
    List<String> lines = new ArrayList<>();
    WatchTableSink sink = new WatchTableSink(new RecordingSink(lines, 2), new TableConvertor.TableShape(Columns.of(Resources.PODS),
        "meta.k8s.io/v1", TableConvertor.Include.METADATA, Clock.fixed(NOW, ZoneOffset.UTC)));
    Pod web = store.get(Resources.PODS, "default", "web");
    sink.write(Json.write(Map.of("type", "BOOKMARK", "object", Map.of("kind", "Pod", "apiVersion", "v1", "metadata",
        Map.of("resourceVersion", "42")))) + "\n");
    sink.write(Json.write(Map.of("type", "MODIFIED", "object", web)) + "\n");
    JsonNode bookmark = Json.mapper().readTree(lines.get(0)).path("object");
    assertThat(bookmark.path("rows")).isEmpty();
    assertThat(bookmark.path("columnDefinitions")).isEmpty();
    assertThat(bookmark.path("metadata").path("resourceVersion").asText()).isEqualTo("42");
    assertThat(Json.mapper().readTree(lines.get(1)).path("object").path("columnDefinitions")).hasSize(9);
  }

  private static List<String> cells(JsonNode table, int row) {
    List<String> out = new ArrayList<>();
    table.path("rows").get(row).path("cells").forEach(c -> out.add(c.asText()));
    return out;
  }

  /** Records whole lines and closes after {@code wanted} of them. */
  private static final class RecordingSink implements ApiResponse.StreamSink {
    private final List<String> lines;
    private final int wanted;

    RecordingSink(List<String> lines, int wanted) {
      this.lines = lines;
      this.wanted = wanted;
    }

    @Override
    public void write(String chunk) {
      for (String l : chunk.split("\n")) {
        if (!l.isBlank()) {
          lines.add(l);
        }
      }
    }

    @Override
    public boolean isOpen() {
      return lines.size() < wanted;
    }

    @Override
    public void onClose(Runnable r) {}
  }
}

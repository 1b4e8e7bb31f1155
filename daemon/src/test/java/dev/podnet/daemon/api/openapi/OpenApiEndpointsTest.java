package dev.podnet.daemon.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.daemon.api.ApiError;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import dev.podnet.daemon.api.Caller;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiEndpointsTest {
  private static final OpenApiEndpoints OPENAPI = new OpenApiEndpoints("v1.32.0");

  private static ApiResponse get(String uri, Map<String, String> headers) {
    return OPENAPI.answer(ApiRequest.of("GET", uri, headers, Caller.ADMIN, new byte[0])).orElseThrow();
  }

  private static JsonNode json(ApiResponse r) {
    if (r instanceof ApiResponse.Bytes b) {
      return Json.read(new String(b.body(), StandardCharsets.UTF_8), JsonNode.class);
    }
    return Json.mapper().valueToTree(((ApiResponse.Json) r).body());
  }

  /** Follows the index to the document of a group-version, as kubectl does. */
  private static JsonNode v3(ResourceType t) {
    String url = json(get("/openapi/v3", Map.of())).path("paths").path(t.apiPrefix().substring(1)).path("serverRelativeURL").asText();
    assertThat(url).as("the index entry of " + t.apiVersion()).startsWith("/openapi/v3" + t.apiPrefix() + "?hash=");
    return json(get(url, Map.of()));
  }

  @Test
  void everyKindHasASchemaNamedAsUpstreamWithItsGroupVersionKind() {
    for (ResourceType t : Resources.all()) {
      JsonNode schemas = v3(t).path("components").path("schemas");
      // a CRD's schema is named by its reversed group: metallb.io's IPAddressPool is io.metallb.v1beta1.IPAddressPool
      String name = t.group().equals("metallb.io") ? "io.metallb." + t.version() + "." + t.kind()
          : t.group().equals("podnet.dev") ? "dev.podnet." + t.version() + "." + t.kind()
          : "io.k8s.api." + (t.group().isEmpty() ? "core" : t.group().split("\\.")[0]) + "." + t.version() + "." + t.kind();
      JsonNode gvk = schemas.path(name).path("x-kubernetes-group-version-kind").path(0);
      assertThat(gvk.path("kind").asText()).as(name).isEqualTo(t.kind());
      assertThat(gvk.path("group").asText()).isEqualTo(t.group());
      assertThat(gvk.path("version").asText()).isEqualTo(t.version());
      assertThat(schemas.path(name).path("properties").path("metadata").path("allOf").path(0).path("$ref").asText())
          .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    }
  }

  /** kubectl sends fieldValidation=Strict, and skips its own schema check, only when PATCH documents the parameter. */
  @Test
  void everyWriteOperationOfEveryKindTakesFieldValidation() {
    for (ResourceType t : Resources.all()) {
      JsonNode paths = v3(t).path("paths");
      String collection = t.path(t.namespaced() ? "{namespace}" : "", "");
      String object = collection + "/{name}";
      assertThat(queryParams(paths.path(collection).path("post"))).as(t.kind() + " POST").contains("fieldValidation", "dryRun", "fieldManager");
      assertThat(queryParams(paths.path(object).path("put"))).as(t.kind() + " PUT").contains("fieldValidation");
      assertThat(queryParams(paths.path(object).path("patch"))).as(t.kind() + " PATCH").contains("fieldValidation", "force");
      assertThat(paths.path(object).path("patch").path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo(t.kind());
      assertThat(queryParams(paths.path(collection).path("get"))).contains("labelSelector", "fieldSelector", "watch", "limit", "continue");
    }
  }

  /** Without merge keys in the schemas, kubectl must compute strategic merge patches from its own types. */
  @Test
  void patchDoesNotOfferStrategicMergeWhichTheSchemasCannotDescribe() {
    JsonNode paths = v3(Resources.DEPLOYMENTS).path("paths");
    JsonNode content = paths.path(Resources.DEPLOYMENTS.path("{namespace}", "{name}")).path("patch").path("requestBody").path("content");
    assertThat(content.has("application/merge-patch+json")).isTrue();
    assertThat(content.has("application/apply-patch+yaml")).isTrue();
    assertThat(content.has("application/strategic-merge-patch+json")).isFalse();
  }

  private static List<String> queryParams(JsonNode operation) {
    List<String> names = new ArrayList<>();
    operation.path("parameters").forEach(p -> {
      if (p.path("in").asText().equals("query")) {
        names.add(p.path("name").asText());
      }
    });
    return names;
  }

  @Test
  void intOrStringQuantityAndTimeAreDeclaredAsUpstreamDoes() {
    JsonNode core = v3(Resources.PODS).path("components").path("schemas");
    assertThat(core.path("io.k8s.apimachinery.pkg.util.intstr.IntOrString").path("format").asText()).isEqualTo("int-or-string");
    assertThat(core.path("io.k8s.apimachinery.pkg.api.resource.Quantity").path("oneOf").findValuesAsText("type")).containsExactly("string", "number");
    assertThat(core.path("io.k8s.apimachinery.pkg.util.intstr.IntOrString").has("type")).isFalse();
    assertThat(core.path("io.k8s.apimachinery.pkg.apis.meta.v1.Time").path("format").asText()).isEqualTo("date-time");
    assertThat(core.path("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").path("properties").path("creationTimestamp").path("allOf").path(0)
        .path("$ref").asText()).isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time");
    assertThat(core.path("io.k8s.api.core.v1.TCPSocketAction").path("properties").path("port").path("allOf").path(0).path("$ref").asText())
        .endsWith("IntOrString");
    assertThat(core.path("io.k8s.api.core.v1.ResourceRequirements").path("properties").path("limits").path("additionalProperties")
        .path("$ref").asText()).endsWith("Quantity");
    assertThat(core.path("io.k8s.api.core.v1.PodSpec").path("properties").path("containers").path("items").path("$ref").asText())
        .isEqualTo("#/components/schemas/io.k8s.api.core.v1.Container");
    assertThat(core.path("io.k8s.api.core.v1.PodSpec").path("properties").has("additionalProperties")).isFalse();
  }

  @Test
  void everyReferenceResolvesInItsDocument() {
    List<JsonNode> docs = new ArrayList<>();
    Resources.all().forEach(t -> docs.add(v3(t)));
    for (JsonNode doc : docs) {
      for (String ref : doc.findValuesAsText("$ref")) {
        assertThat(doc.path("components").path("schemas").has(ref.substring("#/components/schemas/".length()))).as(ref).isTrue();
      }
    }
    JsonNode v2 = json(get("/openapi/v2", Map.of("Accept", "application/json")));
    assertThat(v2.path("swagger").asText()).isEqualTo("2.0");
    for (String ref : v2.findValuesAsText("$ref")) {
      assertThat(v2.path("definitions").has(ref.substring("#/definitions/".length()))).as(ref).isTrue();
    }
  }

  @Test
  void theV2DocumentDescribesEveryKindWithFieldValidationOnPatch() {
    JsonNode v2 = json(get("/openapi/v2", Map.of()));
    assertThat(v2.path("definitions").path("io.k8s.apimachinery.pkg.util.intstr.IntOrString").path("type").asText()).isEqualTo("string");
    for (ResourceType t : Resources.all()) {
      JsonNode patch = v2.path("paths").path(t.path(t.namespaced() ? "{namespace}" : "", "{name}")).path("patch");
      assertThat(queryParams(patch)).as(t.kind()).contains("fieldValidation");
      assertThat(v2.path("definitions").findValuesAsText("kind")).contains(t.kind());
    }
  }

  @Test
  void documentsCarryAnETagAndAClientHoldingItGetsNotModified() {
    String url = json(get("/openapi/v3", Map.of())).path("paths").path("apis/apps/v1").path("serverRelativeURL").asText();
    ApiResponse.Bytes first = (ApiResponse.Bytes) get(url, Map.of());
    assertThat(first.headers().get("Cache-Control")).contains("immutable");
    ApiResponse.Bytes again = (ApiResponse.Bytes) get("/openapi/v3/apis/apps/v1", Map.of("If-None-Match", first.headers().get("ETag")));
    assertThat(again.code()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void clientsAskingForNeitherJsonNorProtobufAreToldWhatThereIs() {
    assertThatThrownBy(() -> get("/openapi/v2", Map.of("Accept", "application/vnd.kubernetes.protobuf")))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(406));
    assertThatThrownBy(() -> get("/openapi/v3/apis/example.com/v1", Map.of()))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(404));
  }
}

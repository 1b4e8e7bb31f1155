package dev.podnet.daemon.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.podnet.api.Json;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import dev.podnet.daemon.api.Caller;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The protobuf v2 document read back without gnostic's generated classes: tags and wire types
 * only, by the field numbers of google/gnostic's {@code openapiv2/OpenAPIv2.proto}, against the
 * JSON document it was written from.
 */
class OpenApiV2ProtobufTest {
  private static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
  private static final OpenApiEndpoints OPENAPI = new OpenApiEndpoints("v1.20.2");

  private static ApiResponse.Bytes get(String accept) {
    return (ApiResponse.Bytes) OPENAPI.answer(ApiRequest.of("GET", "/openapi/v2", Map.of("Accept", accept), Caller.ADMIN, new byte[0]))
        .orElseThrow();
  }

  private static UnknownFieldSet parse(ByteString b) {
    try {
      return UnknownFieldSet.parseFrom(b);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not a protobuf message: " + e.getMessage(), e);
    }
  }

  private static List<ByteString> all(UnknownFieldSet m, int field) {
    return m.hasField(field) ? m.getField(field).getLengthDelimitedList() : List.of();
  }

  private static UnknownFieldSet message(UnknownFieldSet m, int field) {
    assertThat(all(m, field)).as("field " + field).hasSize(1);
    return parse(all(m, field).get(0));
  }

  private static String string(UnknownFieldSet m, int field) {
    return all(m, field).isEmpty() ? "" : all(m, field).get(0).toStringUtf8();
  }

  /** A gnostic map: its repeated Named* entries (name 1, value 2), in order. */
  private static Map<String, UnknownFieldSet> named(UnknownFieldSet m, int field) {
    Map<String, UnknownFieldSet> out = new LinkedHashMap<>();
    for (ByteString entry : all(m, field)) {
      UnknownFieldSet e = parse(entry);
      out.put(string(e, 1), message(e, 2));
    }
    return out;
  }

  private static JsonNode jsonDocument() {
    return Json.read(new String(get("application/json").body(), StandardCharsets.UTF_8), JsonNode.class);
  }

  private static UnknownFieldSet protobufDocument() {
    ApiResponse.Bytes b = get(PROTOBUF);
    // no "@": Go's mime.ParseMediaType refuses it, and kubectl with it
    assertThat(b.contentType()).isEqualTo("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    return parse(ByteString.copyFrom(b.body()));
  }

  @Test
  void kubectl120sAcceptGetsTheDocumentMessageWithEveryDefinitionAndPathOfTheJson() {
    UnknownFieldSet doc = protobufDocument();
    JsonNode json = jsonDocument();
    assertThat(string(doc, 1)).isEqualTo("2.0");
    assertThat(string(message(doc, 2), 1)).isEqualTo("Kubernetes");
    assertThat(string(message(doc, 2), 2)).isEqualTo("v1.20.2");
    assertThat(named(message(doc, 9), 1).keySet()).containsExactlyElementsOf(names(json.path("definitions")));
    assertThat(named(message(doc, 8), 2).keySet()).containsExactlyElementsOf(names(json.path("paths")));
  }

  @Test
  void aKindIsFoundByItsGroupVersionKindAndItsFieldsReferToTheirDefinitions() {
    Map<String, UnknownFieldSet> definitions = named(message(protobufDocument(), 9), 1);
    UnknownFieldSet pod = definitions.get("io.k8s.api.core.v1.Pod");
    Map<String, UnknownFieldSet> extensions = named(pod, 31);
    // Any: its yaml (2) is where kube-openapi reads an extension from
    JsonNode gvk = Json.read(string(extensions.get("x-kubernetes-group-version-kind"), 2), JsonNode.class);
    assertThat(gvk.path(0).path("kind").asText()).isEqualTo("Pod");
    assertThat(gvk.path(0).path("version").asText()).isEqualTo("v1");
    // a direct $ref, not an allOf: kubectl 1.20 reads allOf as "anything" and could explain nothing below it
    Map<String, UnknownFieldSet> podFields = named(message(pod, 25), 1);
    assertThat(string(podFields.get("spec"), 1)).isEqualTo("#/definitions/io.k8s.api.core.v1.PodSpec");
    assertThat(podFields.get("spec").hasField(24)).isFalse();
    UnknownFieldSet containers = named(message(definitions.get("io.k8s.api.core.v1.PodSpec"), 25), 1).get("containers");
    assertThat(string(message(containers, 22), 1)).isEqualTo("array");
    assertThat(string(message(message(containers, 23), 1), 1)).isEqualTo("#/definitions/io.k8s.api.core.v1.Container");
    UnknownFieldSet labels = named(message(definitions.get("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"), 25), 1).get("labels");
    assertThat(string(message(labels, 22), 1)).isEqualTo("object");
    assertThat(string(message(message(labels, 21), 1), 22)).isNotEmpty();
  }

  @Test
  void operationsCarryTheirParametersResponsesAndKindInTheirOneofs() {
    Map<String, UnknownFieldSet> paths = named(message(protobufDocument(), 8), 2);
    UnknownFieldSet pods = paths.get("/api/v1/namespaces/{namespace}/pods");
    UnknownFieldSet create = message(pods, 4);
    assertThat(string(create, 5)).isEqualTo("createCoreV1NamespacedPod");
    List<String> in = new ArrayList<>();
    for (ByteString item : all(create, 8)) {
      UnknownFieldSet parameter = message(parse(item), 1);
      if (parameter.hasField(1)) {
        UnknownFieldSet body = message(parameter, 1);
        in.add(string(body, 3));
        assertThat(string(message(body, 5), 1)).isEqualTo("#/definitions/io.k8s.api.core.v1.Pod");
      } else {
        UnknownFieldSet query = message(message(parameter, 2), 3);
        in.add(string(query, 2));
        assertThat(string(query, 6)).as("type of " + string(query, 4)).isNotEmpty();
      }
    }
    assertThat(in).contains("body", "query");
    UnknownFieldSet ok = named(message(create, 9), 1).get("200");
    assertThat(string(message(message(message(ok, 1), 2), 1), 1)).isEqualTo("#/definitions/io.k8s.api.core.v1.Pod");
    assertThat(named(create, 13)).containsKeys("x-kubernetes-action", "x-kubernetes-group-version-kind");
    UnknownFieldSet namespace = message(message(message(parse(all(pods, 9).get(0)), 1), 2), 4);
    assertThat(string(namespace, 4)).isEqualTo("namespace");
    assertThat(namespace.getField(1).getVarintList()).containsExactly(1L);
  }

  private static List<String> names(JsonNode map) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = map.fieldNames(); it.hasNext();) {
      out.add(it.next());
    }
    return out;
  }
}

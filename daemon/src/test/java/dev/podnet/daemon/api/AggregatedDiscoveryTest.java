package dev.podnet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AggregatedDiscoveryTest {
  private static final String KUBECTL = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
      + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

  private static ApiResponse get(String path, String accept) {
    return Discovery.answer(ApiRequest.of("GET", path, Map.of("Accept", accept), Caller.ADMIN, new byte[0])).orElseThrow();
  }

  private static JsonNode json(ApiResponse r) {
    if (r instanceof ApiResponse.Bytes b) {
      return Json.read(new String(b.body(), java.nio.charset.StandardCharsets.UTF_8), JsonNode.class);
    }
    return Json.mapper().valueToTree(((ApiResponse.Json) r).body());
  }

  @Test
  void kubectlGetsTheAggregatedDocumentWithTheContentTypeThatNamesIt() {
    ApiResponse.Bytes b = (ApiResponse.Bytes) get("/apis", KUBECTL);
    assertThat(b.contentType()).isEqualTo("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    JsonNode doc = json(b);
    assertThat(doc.path("kind").asText()).isEqualTo("APIGroupDiscoveryList");
    assertThat(doc.path("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2");
  }

  @Test
  void clientsThatPreferPlainJsonGetThePlainDocument() {
    assertThat(get("/api", "application/json")).isInstanceOf(ApiResponse.Json.class);
    assertThat(get("/apis", "application/json, " + KUBECTL)).isInstanceOf(ApiResponse.Json.class);
    assertThat(json(get("/api", "*/*")).path("kind").asText()).isEqualTo("APIVersions");
  }

  /** Every resource and subresource, with its verbs, short names and categories, as the plain documents list them. */
  @Test
  void aggregatedAndPlainDiscoveryAgree() {
    Set<String> aggregated = new TreeSet<>();
    for (String root : List.of("/api", "/apis")) {
      for (JsonNode group : json(get(root, KUBECTL)).path("items")) {
        for (JsonNode version : group.path("versions")) {
          String gv = prefix(group.path("metadata").path("name").asText(), version.path("version").asText());
          for (JsonNode r : version.path("resources")) {
            aggregated.add(entry(gv, r.path("resource").asText(), r.path("scope").asText().equals("Namespaced"), r.path("responseKind").path("kind"),
                r));
            for (JsonNode sub : r.path("subresources")) {
              aggregated.add(entry(gv, r.path("resource").asText() + "/" + sub.path("subresource").asText(),
                  r.path("scope").asText().equals("Namespaced"), sub.path("responseKind").path("kind"), sub));
            }
          }
        }
      }
    }
    Set<String> plain = new TreeSet<>();
    for (String gv : plainGroupVersions()) {
      for (JsonNode r : json(get(gv, "application/json")).path("resources")) {
        plain.add(entry(gv, r.path("name").asText(), r.path("namespaced").asBoolean(), r.path("kind"), r));
      }
    }
    assertThat(aggregated).isNotEmpty().isEqualTo(plain);
  }

  private static List<String> plainGroupVersions() {
    List<String> out = new ArrayList<>(List.of("/api/v1"));
    json(get("/apis", "application/json")).path("groups")
        .forEach(g -> g.path("versions").forEach(v -> out.add("/apis/" + v.path("groupVersion").asText())));
    return out;
  }

  private static String prefix(String group, String version) {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  private static String entry(String gv, String name, boolean namespaced, JsonNode kind, JsonNode r) {
    String k = kind.isTextual() ? kind.asText() : kind.path("kind").asText();
    return gv + " " + name + " namespaced=" + namespaced + " kind=" + k + " verbs=" + r.path("verbs") + " short=" + r.path("shortNames")
        + " categories=" + r.path("categories");
  }

  @Test
  void subresourcesAreListedWithTheirVerbsAndKinds() {
    JsonNode core = json(get("/api/v1", "application/json")).path("resources");
    assertThat(find(core, "pods/exec").path("verbs").toString()).isEqualTo("[\"create\",\"get\"]");
    assertThat(find(core, "pods/log").path("verbs").toString()).isEqualTo("[\"get\"]");
    assertThat(find(core, "pods/status").path("kind").asText()).isEqualTo("Pod");
    assertThat(find(core, "serviceaccounts/token").path("group").asText()).isEqualTo("authentication.k8s.io");
    assertThat(find(core, "namespaces/status")).isNotNull();
    assertThat(find(core, "services/status")).isNotNull();
    JsonNode apps = json(get("/apis/apps/v1", "application/json")).path("resources");
    assertThat(find(apps, "deployments/scale").path("kind").asText()).isEqualTo("Scale");
    assertThat(find(apps, "deployments/scale").path("group").asText()).isEqualTo("autoscaling");
    assertThat(find(apps, "replicasets/scale")).isNotNull();
    assertThat(find(apps, "replicasets/status")).isNotNull();
    assertThat(find(core, "pods").path("categories").toString()).isEqualTo("[\"all\"]");
    assertThat(find(core, "configmaps").has("categories")).isFalse();
  }

  @Test
  void onlyKindsWithAStatusHaveAStatusSubresource() {
    for (ResourceType t : List.of(Resources.CONFIGMAPS, Resources.SECRETS, Resources.EVENTS, Resources.SERVICEACCOUNTS)) {
      assertThat(json(get("/api/v1", "application/json")).path("resources").findValuesAsText("name")).doesNotContain(t.plural() + "/status");
    }
  }

  private static JsonNode find(JsonNode resources, String name) {
    for (JsonNode r : resources) {
      if (r.path("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError(name + " is not discoverable in " + resources);
  }
}

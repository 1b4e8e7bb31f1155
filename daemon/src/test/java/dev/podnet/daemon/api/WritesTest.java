package dev.podnet.daemon.api;

import static dev.podnet.daemon.api.PatchEndpointTest.HELLO;
import static dev.podnet.daemon.api.PatchEndpointTest.fails;
import static dev.podnet.daemon.api.PatchEndpointTest.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Create and update: YAML bodies, fieldValidation, generateName, /scale, server-side apply, and bad input storing nothing. */
class WritesTest {
  private static final String DEPLOYS = "/apis/apps/v1/namespaces/default/deployments";
  private static final String CMS = "/api/v1/namespaces/default/configmaps";
  private final MemoryStore store = new MemoryStore();
  private final Router router = new Router(new ObjectEndpoints(store), new PodnetEndpoints(null));

  WritesTest() {
    store.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
  }

  private ApiResponse.Json call(String method, String uri, String contentType, String body) {
    return (ApiResponse.Json) router.apply(ApiRequest.of(method, uri, Map.of("Content-Type", contentType), Caller.ADMIN,
        body.getBytes(StandardCharsets.UTF_8)));
  }

  private ApiResponse.Json json(String method, String uri, String body) {
    return call(method, uri, "application/json", q(body));
  }

  private Deployment hello() {
    return store.get(Resources.DEPLOYMENTS, "default", "hello");
  }

  private int configMaps() {
    return store.list(Resources.CONFIGMAPS, "default").items().size();
  }

  @Test
  void yamlBodiesAreAcceptedOnCreateAndUpdate() {
    String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: \"1\"\n";
    assertThat(call("POST", CMS, "application/yaml", yaml).code()).isEqualTo(201);
    call("PUT", CMS + "/cm", "application/yaml", yaml.replace("\"1\"", "\"2\""));
    assertThat(store.<ConfigMap>get(Resources.CONFIGMAPS, "default", "cm").getData()).isEqualTo(Map.of("a", "2"));
  }

  @Test
  void strictFieldValidationNamesEveryUnknownAndDuplicateFieldAndStoresNothing() {
    String bad = "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm','name':'cm','labels':{'a':'b'}},'data':{'a':'1'},'foo':1,"
        + "'spec':{'bar':{'baz':2}}}";
    fails(() -> json("POST", CMS + "?fieldValidation=Strict", bad), 400, "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: "
        + "strict decoding error: unknown field \"foo\", unknown field \"spec\", duplicate field \"metadata.name\"");
    fails(() -> json("POST", DEPLOYS + "?fieldValidation=Strict", HELLO.replace("'replicas':3", "'replicas':3,'foo':1")
        .replace("'name':'hello','image'", "'name':'hello','imagePullPolice':'x','image'")), 400,
        "unknown field \"spec.foo\", unknown field \"spec.template.spec.containers[0].imagePullPolice\"");
    assertThat(configMaps()).isZero();
    assertThat(store.find(Resources.DEPLOYMENTS, "default", "hello")).isEmpty();
  }

  @Test
  void warnIsTheDefaultAndAnswersWithWarningHeadersAndIgnoreIsSilentNeitherStoresTheField() {
    ApiResponse.Json r = json("POST", CMS, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm'},'foo':1}");
    assertThat(r.code()).isEqualTo(201);
    assertThat(r.headers().get("Warning")).containsExactly("299 - \"unknown field \\\"foo\\\"\"");
    assertThat(Json.write(store.get(Resources.CONFIGMAPS, "default", "cm"))).doesNotContain("foo");
    ApiResponse.Json ignored = json("POST", CMS + "?fieldValidation=Ignore", "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm2'},'foo':1}");
    assertThat(ignored.headers()).isEmpty();
    assertThat(Json.write(store.get(Resources.CONFIGMAPS, "default", "cm2"))).doesNotContain("foo");
    fails(() -> json("POST", CMS + "?fieldValidation=Loud", "{'kind':'ConfigMap','metadata':{'name':'x'}}"), 400, "Ignore, Warn or Strict");
  }

  @Test
  void badBodiesAreRefusedWithWhereOrWhyAndStoreNothing() {
    fails(() -> json("POST", CMS, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm'}"), 400, "not valid JSON");
    fails(() -> json("POST", CMS, "{'apiVersion':'v1','kind':'ConfigMap',\n 'metadata':{'name' 'cm'}}"), 400, "line 2, column");
    fails(() -> json("POST", CMS, "{'apiVersion':'v1','kind':'Frobnicator','metadata':{'name':'cm'}}"), 400, "no kind \"Frobnicator\"");
    fails(() -> json("POST", CMS, "{'apiVersion':'v1','kind':'Secret','metadata':{'name':'cm'}}"), 400, "takes v1 ConfigMap");
    fails(() -> json("POST", CMS, "[1,2]"), 400, "must be a ConfigMap object");
    fails(() -> json("POST", CMS, ""), 400, "empty");
    fails(() -> json("POST", DEPLOYS, HELLO.replace("'replicas':3", "'replicas':'three'")), 400, "spec.replicas");
    fails(() -> call("POST", CMS, "application/yaml", "kind: ConfigMap\nmetadata: {name: [\n"), 400, "not valid YAML");
    assertThat(configMaps()).isZero();
    assertThat(store.find(Resources.DEPLOYMENTS, "default", "hello")).isEmpty();
  }

  @Test
  void staleUpdatesConflictAndDryRunUpdatesToo() {
    json("POST", DEPLOYS, HELLO);
    String rv = hello().getMetadata().getResourceVersion();
    call("PATCH", DEPLOYS + "/hello", "application/merge-patch+json", q("{'spec':{'replicas':2}}"));
    String stale = HELLO.replace("'name':'hello','labels'", "'name':'hello','resourceVersion':'" + rv + "','labels'").replace("'replicas':3", "'replicas':5");
    for (String dry : List.of("", "?dryRun=All")) {
      fails(() -> json("PUT", DEPLOYS + "/hello" + dry, stale), 409, "Operation cannot be fulfilled on deployments.apps \"hello\": "
          + "the object has been modified; please apply your changes to the latest version and try again");
    }
    assertThat(hello().getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void generateNameAddsFiveCharactersFromUpstreamsAlphabetAndCutsLongPrefixes() {
    ApiResponse.Json r = json("POST", CMS, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'generateName':'cm-'}}");
    assertThat(r.code()).isEqualTo(201);
    String name = ((ConfigMap) r.body()).getMetadata().getName();
    assertThat(name).matches("cm-[bcdfghjklmnpqrstvwxz2456789]{5}");
    String prefix = "p".repeat(70);
    ConfigMap longOne = (ConfigMap) json("POST", CMS, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'generateName':'" + prefix + "'}}").body();
    assertThat(longOne.getMetadata().getName()).hasSize(63).startsWith("p".repeat(58));
    assertThat(GeneratedNames.generate("x-")).isNotEqualTo(GeneratedNames.generate("x-"));
  }

  @Test
  void generateNameDrawsAgainWhenTheNameIsTaken() {
    int[] calls = {0};
    ConfigMap cm = new ConfigMap();
    cm.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withGenerateName("a-").build());
    String made = GeneratedNames.create(cm, o -> {
      if (calls[0]++ < 2) {
        throw dev.podnet.store.StoreException.alreadyExists(Resources.CONFIGMAPS, o.getMetadata().getName());
      }
      return o.getMetadata().getName();
    });
    assertThat(calls[0]).isEqualTo(3);
    assertThat(made).startsWith("a-");
  }

  @Test
  void scaleReadsAndWritesReplicasThroughTheScaleKind() {
    json("POST", DEPLOYS, HELLO);
    String scale = Json.write(json("GET", DEPLOYS + "/hello/scale", "").body());
    assertThat(scale).contains("\"kind\":\"Scale\"", "\"apiVersion\":\"autoscaling/v1\"", "\"spec\":{\"replicas\":3}", "\"selector\":\"app=hello\"");
    call("PATCH", DEPLOYS + "/hello/scale?fieldManager=hpa", "application/merge-patch+json", q("{'spec':{'replicas':5}}"));
    assertThat(hello().getSpec().getReplicas()).isEqualTo(5);
    assertThat(Json.write(hello().getMetadata().getManagedFields()))
        .contains("{\"f:spec\":{\"f:replicas\":{}}},\"manager\":\"hpa\",\"operation\":\"Update\",\"subresource\":\"scale\"");
    json("PUT", DEPLOYS + "/hello/scale", "{'kind':'Scale','apiVersion':'autoscaling/v1','metadata':{'name':'hello'},'spec':{'replicas':1}}");
    assertThat(hello().getSpec().getReplicas()).isEqualTo(1);
    fails(() -> json("PUT", DEPLOYS + "/hello/scale", "{'metadata':{'resourceVersion':'1'},'spec':{'replicas':4}}"), 409, "has been modified");
    fails(() -> json("PUT", DEPLOYS + "/hello/scale", "{'spec':{'replicas':-4}}"), 422, "spec.replicas");
    fails(() -> json("GET", "/api/v1/namespaces/default/pods/x/scale", ""), 404, "could not find");
    fails(() -> json("DELETE", DEPLOYS + "/hello/scale", ""), 405, "does not allow");
    fails(() -> json("POST", DEPLOYS + "/hello", HELLO), 405, "does not allow");
    assertThat(hello().getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void serverSideApplyCreatesNeedsAFieldManagerAndConflictsUnlessForced() {
    String yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: hello\n  labels: {a: '1', b: '2'}\nspec:\n  replicas: 2\n  selector:\n"
        + "    matchLabels: {app: hello}\n  template:\n    metadata:\n      labels: {app: hello}\n    spec:\n      containers:\n      - {name: c, image: 'i:1'}\n";
    String ssa = "application/apply-patch+yaml";
    fails(() -> call("PATCH", DEPLOYS + "/hello", ssa, yaml), 400, "fieldManager: Required value");
    assertThat(call("PATCH", DEPLOYS + "/hello?fieldManager=alice&dryRun=All", ssa, yaml).code()).isEqualTo(200);
    assertThat(store.find(Resources.DEPLOYMENTS, "default", "hello")).isEmpty();
    assertThat(call("PATCH", DEPLOYS + "/hello?fieldManager=alice", ssa, yaml).code()).isEqualTo(201);
    assertThat(hello().getSpec().getReplicas()).isEqualTo(2);
    call("PATCH", DEPLOYS + "/hello?fieldManager=alice", ssa, yaml.replace(", b: '2'", ""));
    assertThat(hello().getMetadata().getLabels()).isEqualTo(Map.of("a", "1"));
    fails(() -> call("PATCH", DEPLOYS + "/hello?fieldManager=bob", ssa, yaml.replace("replicas: 2", "replicas: 4")), 409,
        "Apply failed with 1 conflict: conflict with \"alice\" using apps/v1: .spec.replicas");
    assertThat(hello().getSpec().getReplicas()).isEqualTo(2);
    call("PATCH", DEPLOYS + "/hello?fieldManager=bob&force=true", ssa, yaml.replace("replicas: 2", "replicas: 4"));
    assertThat(hello().getSpec().getReplicas()).isEqualTo(4);
  }

  @Test
  void aPatchAddingAnUnknownFieldWarnsOrFailsByFieldValidationAndNeverStoresIt() {
    json("POST", DEPLOYS, HELLO);
    String patch = q("{'spec':{'paused':true,'bogus':1}}");
    fails(() -> call("PATCH", DEPLOYS + "/hello?fieldValidation=Strict", "application/merge-patch+json", patch), 400, "unknown field \"spec.bogus\"");
    assertThat(hello().getSpec().getPaused()).isNull();
    ApiResponse.Json r = call("PATCH", DEPLOYS + "/hello", "application/merge-patch+json", patch);
    assertThat(r.headers().get("Warning")).containsExactly("299 - \"unknown field \\\"spec.bogus\\\"\"");
    assertThat(hello().getSpec().getPaused()).isTrue();
    assertThat(Json.write(hello())).doesNotContain("bogus");
  }
}

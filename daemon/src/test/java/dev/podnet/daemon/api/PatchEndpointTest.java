package dev.podnet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

class PatchEndpointTest {
  private static final String PATH = "/apis/apps/v1/namespaces/default/deployments/hello";
  private final MemoryStore store = new MemoryStore();
  private final Router router = new Router(new ObjectEndpoints(store), new PodnetEndpoints(null));

  static final String HELLO = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'hello','labels':{'app':'hello','tier':'web'}},"
      + "'spec':{'replicas':3,'selector':{'matchLabels':{'app':'hello'}},'template':{'metadata':{'labels':{'app':'hello'}},"
      + "'spec':{'containers':[{'name':'hello','image':'debian:12','ports':[{'containerPort':8080,'name':'http'},{'containerPort':9090,'name':'m'}]}]}}}}";

  PatchEndpointTest() {
    store.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
  }

  static String q(String s) {
    return s.replace('\'', '"');
  }

  private ApiResponse call(String method, String uri, String contentType, String body) {
    return router.apply(ApiRequest.of(method, uri, Map.of("Content-Type", contentType, "User-Agent", "kubectl/v1.32.0 (linux/amd64)"), Caller.ADMIN,
        q(body).getBytes(StandardCharsets.UTF_8)));
  }

  private ApiResponse patch(String type, String body) {
    return call("PATCH", PATH, "application/" + type, body);
  }

  private Deployment hello() {
    return store.get(Resources.DEPLOYMENTS, "default", "hello");
  }

  private void create() {
    call("POST", "/apis/apps/v1/namespaces/default/deployments", "application/json", HELLO);
  }

  static void fails(ThrowableAssert.ThrowingCallable call, int code, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
      assertThat(e.getMessage()).contains(message);
    });
  }

  @Test
  void eachPatchTypeChangesTheStoredObject() {
    create();
    patch("json-patch+json", "[{'op':'replace','path':'/spec/replicas','value':4}]");
    assertThat(hello().getSpec().getReplicas()).isEqualTo(4);
    patch("merge-patch+json", "{'metadata':{'labels':{'tier':null,'new':'x'}}}");
    assertThat(hello().getMetadata().getLabels()).isEqualTo(Map.of("app", "hello", "new", "x"));
    patch("strategic-merge-patch+json", "{'spec':{'template':{'spec':{'containers':[{'name':'hello','image':'debian:13'}]}}}}");
    assertThat(hello().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("debian:13");
    assertThat(hello().getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()).hasSize(2);
  }

  @Test
  void theClientSideApplyPatchRemovesALabelAndAPortDroppedFromTheManifest() {
    create();
    // what kubectl apply sends after "tier" and port 9090 left the manifest
    patch("strategic-merge-patch+json", "{'metadata':{'labels':{'tier':null}},'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'hello'}],"
        + "'containers':[{'$setElementOrder/ports':[{'containerPort':8080}],'name':'hello','ports':[{'$patch':'delete','containerPort':9090}]}]}}}}");
    assertThat(hello().getMetadata().getLabels()).containsOnlyKeys("app");
    assertThat(hello().getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()).extracting(p -> p.getContainerPort()).containsExactly(8080);
  }

  @Test
  void aPatchedObjectIsDefaultedAndValidatedAndAnInvalidOneIsNotStored() {
    create();
    String rv = hello().getMetadata().getResourceVersion();
    patch("strategic-merge-patch+json", "{'spec':{'template':{'spec':{'containers':[{'name':'side','image':'x:1'}]}}}}");
    assertThat(hello().getSpec().getTemplate().getSpec().getContainers().get(1).getImagePullPolicy()).isEqualTo("IfNotPresent");
    String before = Json.write(hello());
    fails(() -> patch("merge-patch+json", "{'spec':{'replicas':-1}}"), 422, "spec.replicas");
    assertThat(Json.write(hello())).isEqualTo(before);
    assertThat(rv).isNotEqualTo(hello().getMetadata().getResourceVersion());
  }

  @Test
  void dryRunPatchesWithoutStoring() {
    create();
    ApiResponse r = call("PATCH", PATH + "?dryRun=All", "application/merge-patch+json", "{'spec':{'replicas':7}}");
    assertThat(Json.write(((ApiResponse.Json) r).body())).contains("\"replicas\":7");
    assertThat(hello().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void patchesThatDoNotApplyAreRefusedWithWhyAndNothingIsStored() {
    create();
    String before = Json.write(hello());
    fails(() -> patch("json-patch+json", "[{'op':'test','path':'/spec/replicas','value':9},{'op':'remove','path':'/metadata/labels'}]"), 422,
        "test operation failed");
    fails(() -> patch("json-patch+json", "[{'op':'remove','path':'/spec/nope'}]"), 422, "/spec/nope");
    fails(() -> patch("json-patch+json", "[{'op':'bogus','path':'/spec'}]"), 422, "unknown op \"bogus\"");
    fails(() -> patch("merge-patch+json", "{'spec':"), 400, "not valid JSON");
    fails(() -> patch("strategic-merge-patch+json", "{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}"), 400, "merge key \"name\"");
    fails(() -> call("PATCH", PATH, "text/plain", "{}"), 415, "application/strategic-merge-patch+json");
    fails(() -> patch("merge-patch+json", "{'metadata':{'resourceVersion':'1'},'spec':{'replicas':1}}"), 409, "the object has been modified");
    fails(() -> call("PATCH", "/apis/apps/v1/namespaces/default/deployments/nope", "application/merge-patch+json", "{}"), 404, "not found");
    assertThat(Json.write(hello())).isEqualTo(before);
  }

  @Test
  void statusPatchesChangeOnlyTheStatus() {
    create();
    patch("merge-patch+json", "{'status':{'replicas':2},'spec':{'replicas':9}}");
    assertThat(hello().getStatus()).isNull();
    assertThat(hello().getSpec().getReplicas()).isEqualTo(9);
    call("PATCH", PATH + "/status", "application/merge-patch+json", "{'status':{'replicas':2},'spec':{'replicas':5}}");
    assertThat(hello().getStatus().getReplicas()).isEqualTo(2);
    assertThat(hello().getSpec().getReplicas()).isEqualTo(9);
  }

  @Test
  void updatesRecordTheirManagerFromFieldManagerOrTheUserAgent() {
    create();
    call("PATCH", PATH + "?fieldManager=kubectl-label", "application/merge-patch+json", "{'metadata':{'labels':{'x':'y'}}}");
    String managed = Json.write(hello().getMetadata().getManagedFields());
    assertThat(managed).contains("\"manager\":\"kubectl\"").contains("\"manager\":\"kubectl-label\"");
    assertThat(managed).contains("{\"f:metadata\":{\"f:labels\":{\"f:x\":{}}}},\"manager\":\"kubectl-label\",\"operation\":\"Update\"");
  }

  @Test
  void aPatchThatChangesNothingWritesNothing() throws InterruptedException {
    create();
    patch("merge-patch+json", "{'metadata':{'labels':{'x':'y'}}}");
    String rv = hello().getMetadata().getResourceVersion();
    Thread.sleep(1100); // a new managedFields time would be a change
    patch("merge-patch+json", "{'metadata':{'labels':{'x':'y'}}}");
    patch("strategic-merge-patch+json", "{}");
    assertThat(hello().getMetadata().getResourceVersion()).isEqualTo(rv);
  }
}

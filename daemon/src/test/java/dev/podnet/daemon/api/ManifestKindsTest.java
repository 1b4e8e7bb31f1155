package dev.podnet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DaemonSets and RBAC objects, what a node agent's manifest holds, through the API as kubectl sends them. */
class ManifestKindsTest {
  private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1";
  private static final String BINDING = "{'apiVersion':'rbac.authorization.k8s.io/v1','kind':'ClusterRoleBinding','metadata':{'name':'podnet'},"
      + "'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'%s'},"
      + "'subjects':[{'kind':'ServiceAccount','name':'podnet','namespace':'kube-system'}]}";
  private static final String DS = "{'apiVersion':'apps/v1','kind':'DaemonSet','metadata':{'name':'podnet'},'spec':{'selector':{'matchLabels':"
      + "{'app':'podnet'}},'template':{'metadata':{'labels':{'app':'%s'}},'spec':{'containers':[{'name':'a','image':'podnet:0.1.0'}]}}}}";

  private final MemoryStore store = new MemoryStore();
  private final Router router = new Router(new ObjectEndpoints(store), new PodnetEndpoints(null));

  ManifestKindsTest() {
    store.create(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata().build());
  }

  private ApiResponse call(String method, String uri, String body) {
    return router.apply(ApiRequest.of(method, uri, body.replace('\'', '"').getBytes(StandardCharsets.UTF_8)));
  }

  private static int code(ApiResponse r) {
    return ((ApiResponse.Json) r).code();
  }

  @Test
  void aClusterRoleBindingIsStoredAndItsRoleRefCannotBeReplaced() {
    assertThat(code(call("POST", RBAC + "/clusterrolebindings", BINDING.formatted("podnet")))).isEqualTo(201);
    assertThatThrownBy(() -> call("PUT", RBAC + "/clusterrolebindings/podnet", BINDING.formatted("cluster-admin")))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.getMessage()).isEqualTo("ClusterRoleBinding \"podnet\" is invalid: roleRef: Invalid value: \"ClusterRole/cluster-admin\": "
              + "cannot change roleRef");
        });
    assertThat(store.<ClusterRoleBinding>get(Resources.CLUSTERROLEBINDINGS, "", "podnet").getRoleRef().getName()).isEqualTo("podnet");
  }

  @Test
  void aDaemonSetIsDefaultedAndStoredAndOneWhoseSelectorMissesItsPodsIsRefused() {
    assertThat(code(call("POST", "/apis/apps/v1/namespaces/kube-system/daemonsets", DS.formatted("podnet")))).isEqualTo(201);
    DaemonSet stored = store.get(Resources.DAEMONSETS, "kube-system", "podnet");
    assertThat(stored.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    assertThatThrownBy(() -> call("POST", "/apis/apps/v1/namespaces/kube-system/daemonsets", DS.formatted("other").replace("\"podnet\"}", "\"b\"}")))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.getMessage()).contains("selector does not match template labels"));
  }

  @Test
  void discoveryListsTheRbacGroupAndDaemonSetsUnderTheirShortName() {
    @SuppressWarnings("unchecked")
    Map<String, Object> rbac = (Map<String, Object>) ((ApiResponse.Json) Discovery.answer(List.of("apis", "rbac.authorization.k8s.io", "v1"))
        .orElseThrow()).body();
    assertThat(Json.write(rbac)).contains("\"name\":\"clusterroles\"", "\"name\":\"clusterrolebindings\"", "\"name\":\"roles\"",
        "\"name\":\"rolebindings\"");
    String apps = Json.write(((ApiResponse.Json) Discovery.answer(List.of("apis", "apps", "v1")).orElseThrow()).body());
    assertThat(apps).contains("\"name\":\"daemonsets\"", "\"shortNames\":[\"ds\"]", "\"name\":\"daemonsets/status\"");
  }
}

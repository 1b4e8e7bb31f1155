package dev.podnet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> resourcesOf(List<String> path) {
    ApiResponse.Json j = (ApiResponse.Json) Discovery.answer(path).orElseThrow();
    return (List<Map<String, Object>>) ((Map<String, Object>) j.body()).get("resources");
  }

  @Test
  void everyServedKindIsDiscoverableUnderItsGroupVersionWithItsShortNames() {
    for (ResourceType t : Resources.all()) {
      List<String> path = t.group().isEmpty() ? List.of("api", t.version()) : List.of("apis", t.group(), t.version());
      assertThat(resourcesOf(path)).as(t.kind())
          .anySatisfy(r -> {
            assertThat(r).containsEntry("name", t.plural()).containsEntry("kind", t.kind()).containsEntry("namespaced", t.namespaced());
            assertThat((List<String>) r.get("verbs")).contains("get", "list", "watch", "create", "patch", "delete");
            if (!t.shortNames().isEmpty()) {
              assertThat(r).containsEntry("shortNames", t.shortNames());
            }
          });
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theGroupListNamesEveryNonCoreGroupOnceAndNotTheCoreGroup() {
    Map<String, Object> groups = Discovery.groups();
    List<String> names = ((List<Map<String, Object>>) groups.get("groups")).stream().map(g -> (String) g.get("name")).toList();
    assertThat(names).containsExactlyInAnyOrder("apps", "discovery.k8s.io", "coordination.k8s.io", "rbac.authorization.k8s.io", "metallb.io", "networking.k8s.io",
        "podnet.dev").doesNotHaveDuplicates();
  }

  @Test
  @SuppressWarnings("unchecked")
  void metallbIsOneGroupWithBothVersionsAndV1beta2Preferred() {
    Map<String, Object> metallb = ((List<Map<String, Object>>) Discovery.groups().get("groups")).stream()
        .filter(g -> g.get("name").equals("metallb.io")).findFirst().orElseThrow();
    assertThat(((List<Map<String, Object>>) metallb.get("versions")).stream().map(v -> v.get("version"))).containsExactly("v1beta2", "v1beta1");
    assertThat((Map<String, Object>) metallb.get("preferredVersion")).containsEntry("groupVersion", "metallb.io/v1beta2");
    assertThat(Discovery.answer(List.of("apis", "metallb.io", "v1beta2"))).isPresent();
    assertThat(Discovery.byPriority("v1", "v1beta2")).isNegative();
    assertThat(Discovery.byPriority("v1alpha1", "v1beta1")).isPositive();
  }

  @Test
  void unknownGroupVersionsAndPathsAreNotDiscoveryDocuments() {
    assertThat(Discovery.answer(List.of("apis", "podnet.dev", "v2"))).isEmpty();
    assertThat(Discovery.answer(List.of("api", "v2"))).isEmpty();
    assertThat(Discovery.answer(List.of("api", "v1", "pods"))).isEmpty();
  }
}

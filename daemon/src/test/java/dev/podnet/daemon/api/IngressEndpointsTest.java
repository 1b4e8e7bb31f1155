package dev.podnet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.api.Resources;
import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IngressEndpointsTest {
  private final MemoryStore store = new MemoryStore();
  private final Router router = new Router(new ObjectEndpoints(store), new PodnetEndpoints(null));

  IngressEndpointsTest() {
    store.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
  }

  private static final String CLASS = "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"IngressClass\",\"metadata\":{\"name\":\"%s\"%s},"
      + "\"spec\":{\"controller\":\"%s\"}}";
  private static final String DEFAULT = ",\"annotations\":{\"ingressclass.kubernetes.io/is-default-class\":\"true\"}";

  private static String ingress(String name, String extraSpec) {
    return "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"Ingress\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + extraSpec
        + "\"defaultBackend\":{\"service\":{\"name\":\"web\",\"port\":{\"number\":80}}}}}";
  }

  private ApiResponse call(String method, String uri, String body) {
    return router.apply(ApiRequest.of(method, uri, body.getBytes(StandardCharsets.UTF_8)));
  }

  private String classOf(String name) {
    return store.<Ingress>get(Resources.INGRESSES, "default", name).getSpec().getIngressClassName();
  }

  @Test
  void anIngressWithoutAClassGetsTheDefaultClassAtCreateAndOneWithAClassKeepsIt() {
    call("POST", "/apis/networking.k8s.io/v1/ingressclasses", CLASS.formatted("other", "", "example.com/other"));
    call("POST", "/apis/networking.k8s.io/v1/ingressclasses", CLASS.formatted("podnet", DEFAULT, "podnet.dev/ingress"));
    call("POST", "/apis/networking.k8s.io/v1/namespaces/default/ingresses", ingress("a", ""));
    call("POST", "/apis/networking.k8s.io/v1/namespaces/default/ingresses", ingress("b", "\"ingressClassName\":\"other\","));
    assertThat(classOf("a")).isEqualTo("podnet");
    assertThat(classOf("b")).isEqualTo("other");
  }

  @Test
  void withoutADefaultClassAnIngressStaysClassless() {
    call("POST", "/apis/networking.k8s.io/v1/ingressclasses", CLASS.formatted("podnet", "", "podnet.dev/ingress"));
    call("POST", "/apis/networking.k8s.io/v1/namespaces/default/ingresses", ingress("a", ""));
    assertThat(classOf("a")).isNull();
  }

  @Test
  void theControllerOfAnIngressClassCannotChange() {
    call("POST", "/apis/networking.k8s.io/v1/ingressclasses", CLASS.formatted("podnet", "", "podnet.dev/ingress"));
    assertThatThrownBy(() -> call("PUT", "/apis/networking.k8s.io/v1/ingressclasses/podnet", CLASS.formatted("podnet", "", "k8s.io/ingress-nginx")))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.getMessage()).contains("spec.controller: Invalid value: \"k8s.io/ingress-nginx\": field is immutable");
        });
  }
}

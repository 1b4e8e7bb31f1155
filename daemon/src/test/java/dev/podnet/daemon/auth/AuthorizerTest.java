package dev.podnet.daemon.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.daemon.api.ApiError;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import dev.podnet.daemon.api.Caller;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AuthorizerTest {
  private static final Caller SA = Caller.serviceAccount("default", "default");
  private static final Caller USER = new Caller("jane", List.of("developers", "system:authenticated"));
  private final AccessControl door = new AccessControl(r -> new ApiResponse.Text(200, "ok"), new Authorizer());

  private static ApiRequest req(String method, String uri, Caller c) {
    return ApiRequest.of(method, uri, Map.of(), c, new byte[0]);
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
      "admin, DELETE, /api/v1/nodes/node-1, true",
      "sa, GET, /api/v1/namespaces/default/pods, true",
      "sa, GET, /api/v1/pods?watch=true, true",
      "sa, GET, /api/v1/namespaces/default/secrets/s, true",
      "sa, POST, /api/v1/namespaces/default/pods, false",
      "sa, DELETE, /api/v1/namespaces/default/pods/web, false",
      "sa, POST, /api/v1/namespaces/default/pods/web/exec, false",
      "sa, GET, /api/v1/namespaces/default/pods/web/exec, false",
      "sa, POST, /api/v1/namespaces/default/events, true",
      "sa, PATCH, /apis/events.k8s.io/v1/namespaces/default/events/e, true",
      "sa, DELETE, /api/v1/namespaces/default/events/e, false",
      "sa, PUT, /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1, true",
      "sa, PUT, /apis/coordination.k8s.io/v1/namespaces/default/leases/x, false",
      "sa, POST, /apis/discovery.k8s.io/v1/namespaces/default/endpointslices, false",
      "sa, PUT, /apis/networking.k8s.io/v1/namespaces/default/ingresses/web/status, true",
      "sa, PUT, /apis/networking.k8s.io/v1/namespaces/default/ingresses/web, false",
      "sa, GET, /version, true",
      "sa, GET, /openapi/v2, true",
      "agent, POST, /apis/podnet.dev/v1/bgpstatuses, true",
      "agent, PUT, /apis/podnet.dev/v1/bgpstatuses/node-1, true",
      "agent, DELETE, /apis/podnet.dev/v1/bgpstatuses/node-1, false",
      "agent, POST, /apis/podnet.dev/v1/bgppeers, false",
      "sa, PUT, /apis/podnet.dev/v1/bgpstatuses/node-1, false",
      "user, GET, /apis, true",
      "user, GET, /api/v1/pods, false",
  })
  void theTable(String who, String method, String uri, boolean allowed) {
    Caller c = switch (who) {
      case "admin" -> Caller.ADMIN;
      case "sa" -> SA;
      case "agent" -> Caller.serviceAccount("kube-system", "podnet");
      default -> USER;
    };
    assertThat(new Authorizer().allows(c, RequestAttributes.of(req(method, uri, c)))).isEqualTo(allowed);
  }

  @Test
  void aRefusalReadsAsUpstreams() {
    assertThatThrownBy(() -> door.apply(req("POST", "/api/v1/namespaces/default/pods", SA))).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.code()).isEqualTo(403);
      assertThat(e.reason()).isEqualTo("Forbidden");
      assertThat(e.getMessage()).isEqualTo(
          "pods is forbidden: User \"system:serviceaccount:default:default\" cannot create resource \"pods\" in API group \"\" in the namespace \"default\"");
    });
    assertThatThrownBy(() -> door.apply(req("DELETE", "/api/v1/nodes/node-1", SA))).hasMessage(
        "nodes \"node-1\" is forbidden: User \"system:serviceaccount:default:default\" cannot delete resource \"nodes\" in API group \"\" at the cluster scope");
    assertThatThrownBy(() -> door.apply(req("POST", "/api/v1/namespaces/default/pods/web/exec", SA))).hasMessageContaining(
        "cannot create resource \"pods/exec\" in API group \"\" in the namespace \"default\"");
  }

  @Test
  void anonymousGetsUnauthorizedExceptForHealthAndVersion() {
    assertThatThrownBy(() -> door.apply(req("GET", "/api/v1/pods", Caller.ANONYMOUS))).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.code()).isEqualTo(401);
      assertThat(e.status()).containsEntry("reason", "Unauthorized").containsEntry("kind", "Status");
    });
    assertThatThrownBy(() -> door.apply(req("GET", "/apis", Caller.ANONYMOUS))).isInstanceOf(ApiError.class);
    for (String open : List.of("/healthz", "/livez", "/readyz", "/version")) {
      assertThat(door.apply(req("GET", open, Caller.ANONYMOUS))).as(open).isEqualTo(new ApiResponse.Text(200, "ok"));
    }
  }

  @Test
  void aNamespacesStatusIsTheNamespacesSubresourceNotAResourceInIt() {
    RequestAttributes a = RequestAttributes.of(req("PUT", "/api/v1/namespaces/shop/status", SA));
    assertThat(a.resource()).isEqualTo("namespaces");
    assertThat(a.name()).isEqualTo("shop");
    assertThat(a.subresource()).isEqualTo("status");
  }
}

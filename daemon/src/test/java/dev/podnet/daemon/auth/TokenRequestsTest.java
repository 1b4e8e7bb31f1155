package dev.podnet.daemon.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.api.Resources;
import dev.podnet.daemon.api.ApiError;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import dev.podnet.daemon.api.Caller;
import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenRequestsTest {
  private static final String PATH = "/api/v1/namespaces/default/serviceaccounts/robot/token";
  private final MemoryStore store = new MemoryStore();
  private final ServiceAccountTokens tokens;
  private final TokenRequests endpoint;

  TokenRequestsTest() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    tokens = new ServiceAccountTokens(g.generateKeyPair(),
        (ns, name) -> store.<ServiceAccount>find(Resources.SERVICEACCOUNTS, ns, name).map(s -> s.getMetadata().getUid()), Clock.systemUTC());
    endpoint = new TokenRequests(r -> new ApiResponse.Text(200, "next"), tokens, store);
    store.create(new ServiceAccountBuilder().withNewMetadata().withName("robot").withNamespace("default").endMetadata().build());
  }

  private ApiResponse post(String path, String body) {
    return endpoint.apply(ApiRequest.of("POST", path, Map.of(), Caller.ADMIN, body.getBytes(StandardCharsets.UTF_8)));
  }

  @SuppressWarnings("unchecked")
  @Test
  void kubectlCreateTokenGetsATokenThisApiAccepts() {
    ApiResponse.Json r = (ApiResponse.Json) post(PATH, "{\"kind\":\"TokenRequest\",\"apiVersion\":\"authentication.k8s.io/v1\","
        + "\"spec\":{\"audiences\":null,\"expirationSeconds\":1200,\"boundObjectRef\":null}}");
    assertThat(r.code()).isEqualTo(201);
    Map<String, Object> body = (Map<String, Object>) r.body();
    assertThat(body).containsEntry("kind", "TokenRequest");
    assertThat((Map<String, Object>) body.get("spec")).containsEntry("expirationSeconds", 1200L);
    String token = (String) ((Map<String, Object>) body.get("status")).get("token");
    assertThat(tokens.verify(token)).contains(Caller.serviceAccount("default", "robot"));
  }

  @Test
  void aTokenForAnotherAudienceIsNotAcceptedHere() {
    ApiResponse.Json r = (ApiResponse.Json) post(PATH, "{\"spec\":{\"audiences\":[\"vault\"]}}");
    @SuppressWarnings("unchecked")
    String token = (String) ((Map<String, Object>) ((Map<String, Object>) r.body()).get("status")).get("token");
    assertThat(tokens.verify(token)).isEmpty();
  }

  @Test
  void tooShortAMissingAccountOrAnotherPathAreNotTokens() {
    assertThatThrownBy(() -> post(PATH, "{\"spec\":{\"expirationSeconds\":60}}")).isInstanceOfSatisfying(ApiError.class,
        e -> assertThat(e.code()).isEqualTo(400));
    assertThatThrownBy(() -> post("/api/v1/namespaces/default/serviceaccounts/nobody/token", "{}")).isInstanceOfSatisfying(ApiError.class,
        e -> assertThat(e.getMessage()).isEqualTo("serviceaccounts \"nobody\" not found"));
    assertThat(post("/api/v1/namespaces/default/pods", "{}")).isEqualTo(new ApiResponse.Text(200, "next"));
  }
}

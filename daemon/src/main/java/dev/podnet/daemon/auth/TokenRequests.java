package dev.podnet.daemon.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.daemon.api.ApiError;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import dev.podnet.store.Store;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The TokenRequest subresource, {@code POST /api/v1/namespaces/NS/serviceaccounts/NAME/token}
 * ({@code kubectl create token NAME}): a fresh token for the account, optionally bound to a pod,
 * for 1 h unless {@code expirationSeconds} says otherwise (at least 10 min, as upstream). Every
 * other request passes to {@code next}.
 */
public final class TokenRequests implements Function<ApiRequest, ApiResponse> {
  static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
  static final Duration MIN_LIFETIME = Duration.ofMinutes(10);
  static final Duration MAX_LIFETIME = Duration.ofDays(365);

  private final Function<ApiRequest, ApiResponse> next;
  private final ServiceAccountTokens tokens;
  private final Store store;

  public TokenRequests(Function<ApiRequest, ApiResponse> next, ServiceAccountTokens tokens, Store store) {
    this.next = next;
    this.tokens = tokens;
    this.store = store;
  }

  @Override
  public ApiResponse apply(ApiRequest r) {
    List<String> s = r.segments();
    boolean token = s.size() == 7 && s.get(0).equals("api") && s.get(1).equals("v1") && s.get(2).equals("namespaces")
        && s.get(4).equals("serviceaccounts") && s.get(6).equals("token");
    if (!token) {
      return next.apply(r);
    }
    if (!r.method().equals("POST")) {
      throw new ApiError(405, "MethodNotAllowed", "method " + r.method() + " is not supported on " + r.path() + ": use POST");
    }
    return ApiResponse.json(201, issue(r, s.get(3), s.get(5)));
  }

  private Map<String, Object> issue(ApiRequest r, String ns, String name) {
    ServiceAccount sa = store.<ServiceAccount>find(Resources.SERVICEACCOUNTS, ns, name)
        .orElseThrow(() -> ApiError.notFound("serviceaccounts \"" + name + "\" not found"));
    JsonNode spec = body(r).path("spec");
    Duration lifetime = spec.path("expirationSeconds").canConvertToLong() ? Duration.ofSeconds(spec.path("expirationSeconds").asLong()) : DEFAULT_LIFETIME;
    if (lifetime.compareTo(MIN_LIFETIME) < 0) {
      throw ApiError.badRequest("spec.expirationSeconds: Invalid value: " + lifetime.toSeconds() + ": may not specify a duration less than 10 minutes");
    }
    lifetime = lifetime.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : lifetime;
    List<String> audiences = new ArrayList<>();
    spec.path("audiences").forEach(a -> audiences.add(a.asText()));
    if (audiences.isEmpty()) {
      audiences.add(ServiceAccountTokens.ISSUER);
    }
    Optional<ServiceAccountTokens.BoundPod> pod = boundPod(spec.path("boundObjectRef"), ns);
    String token = tokens.issue(new ServiceAccountTokens.Subject(ns, name, sa.getMetadata().getUid(), pod), lifetime, audiences);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "TokenRequest");
    out.put("apiVersion", "authentication.k8s.io/v1");
    out.put("metadata", Map.of("name", name, "namespace", ns));
    Map<String, Object> outSpec = new LinkedHashMap<>();
    outSpec.put("audiences", audiences);
    outSpec.put("expirationSeconds", lifetime.toSeconds());
    out.put("spec", outSpec);
    out.put("status", Map.of("token", token, "expirationTimestamp", Instant.now().plus(lifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
    return out;
  }

  private Optional<ServiceAccountTokens.BoundPod> boundPod(JsonNode ref, String ns) {
    if (ref.isMissingNode() || ref.isNull()) {
      return Optional.empty();
    }
    if (!ref.path("kind").asText().equals("Pod")) {
      throw ApiError.badRequest("spec.boundObjectRef.kind: Unsupported value: \"" + ref.path("kind").asText() + "\": podnet binds tokens to Pods only");
    }
    String podName = ref.path("name").asText();
    Pod pod = store.<Pod>find(Resources.PODS, ns, podName).orElseThrow(() -> ApiError.notFound("pods \"" + podName + "\" not found"));
    return Optional.of(new ServiceAccountTokens.BoundPod(podName, pod.getMetadata().getUid()));
  }

  private static JsonNode body(ApiRequest r) {
    String type = r.header("content-type", "application/json");
    if (type.startsWith("application/vnd.kubernetes.protobuf")) {
      return ProtobufTokenRequest.read(r.body());
    }
    if (r.body().length == 0) {
      return Json.mapper().createObjectNode();
    }
    try {
      return Json.mapper().readTree(r.body());
    } catch (IOException e) {
      throw ApiError.badRequest("the request body is not a TokenRequest: " + e.getMessage());
    }
  }
}

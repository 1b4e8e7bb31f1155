package dev.podnet.daemon.auth;

import dev.podnet.daemon.api.ApiError;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import dev.podnet.daemon.api.Caller;
import java.util.Set;
import java.util.function.Function;

/**
 * The API's door: an anonymous request gets 401 unless it asks for a public path (upstream's
 * {@code system:public-info-viewer}: health and version), an authenticated one is authorized by
 * the {@link Authorizer}, and only then does the request reach the endpoints.
 */
public final class AccessControl implements Function<ApiRequest, ApiResponse> {
  /** {@code cluster-info} as kubeadm publishes it: the CA a joining node checks against its --ca-cert-hash before it trusts anything. */
  public static final String CLUSTER_INFO = "/api/v1/namespaces/kube-public/configmaps/cluster-info";
  static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/livez", "/readyz", "/version", CLUSTER_INFO);

  private final Function<ApiRequest, ApiResponse> next;
  private final Authorizer authorizer;

  public AccessControl(Function<ApiRequest, ApiResponse> next, Authorizer authorizer) {
    this.next = next;
    this.authorizer = authorizer;
  }

  @Override
  public ApiResponse apply(ApiRequest r) {
    if (isPublic(r)) {
      return next.apply(r);
    }
    if (r.caller().equals(Caller.ANONYMOUS)) {
      throw new ApiError(401, "Unauthorized", "Unauthorized");
    }
    authorizer.check(r.caller(), RequestAttributes.of(r));
    return next.apply(r);
  }

  private static boolean isPublic(ApiRequest r) {
    if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
      return false;
    }
    return PUBLIC_PATHS.contains(r.path()) || r.path().startsWith("/healthz/") || r.path().startsWith("/livez/") || r.path().startsWith("/readyz/");
  }
}

package dev.podnet.daemon.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Resources;
import dev.podnet.client.ApiStore;
import dev.podnet.lab.runtime.PodCredentials;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The projected service-account volume as kubelet fills it: a token from the API's TokenRequest,
 * bound to the pod, with the cluster CA the node trusts and the pod's namespace. Nothing when the
 * pod, or else its ServiceAccount, says {@code automountServiceAccountToken: false}. The token
 * lives a year, as upstream's extended expiry for kubelet-mounted tokens (the lab does not rotate).
 */
final class TokenRequestCredentials implements PodCredentials {
  static final Duration TOKEN_LIFETIME = Duration.ofDays(365);

  private final ApiStore api;

  TokenRequestCredentials(ApiStore api) {
    this.api = api;
  }

  @Override
  public Optional<ServiceAccountFiles> forPod(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
    Optional<ServiceAccount> sa = api.find(Resources.SERVICEACCOUNTS, ns, name);
    Boolean podSays = pod.getSpec().getAutomountServiceAccountToken();
    boolean mount = podSays != null ? podSays : sa.map(ServiceAccount::getAutomountServiceAccountToken).orElse(true);
    if (!mount || sa.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> request = Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenRequest",
        "spec", Map.of("audiences", List.of(), "expirationSeconds", TOKEN_LIFETIME.toSeconds(),
            "boundObjectRef", Map.of("apiVersion", "v1", "kind", "Pod", "name", pod.getMetadata().getName(), "uid", pod.getMetadata().getUid())));
    JsonNode answer = api.post(Resources.SERVICEACCOUNTS.path(ns, name) + "/token", request);
    return Optional.of(new ServiceAccountFiles(answer.path("status").path("token").asText(), api.connection().caPem(), ns));
  }
}

package dev.podnet.daemon;

import dev.podnet.api.Resources;
import dev.podnet.daemon.auth.ServiceAccountTokens;
import dev.podnet.lab.runtime.PodCredentials;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Duration;
import java.util.Optional;

/**
 * The projected service-account volume kubelet mounts in each pod: a token bound to the pod and
 * its ServiceAccount, the cluster CA and the namespace. Nothing when the pod, or else its
 * ServiceAccount, says {@code automountServiceAccountToken: false}. The token lives a year, as
 * upstream's extended expiry for kubelet-mounted tokens: the lab runtime does not rotate it.
 */
final class ServiceAccountVolumes implements PodCredentials {
  static final Duration TOKEN_LIFETIME = Duration.ofDays(365);

  private final Store store;
  private final ServiceAccountTokens tokens;
  private final String caPem;

  ServiceAccountVolumes(Store store, ServiceAccountTokens tokens, String caPem) {
    this.store = store;
    this.tokens = tokens;
    this.caPem = caPem;
  }

  @Override
  public Optional<ServiceAccountFiles> forPod(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
    Optional<ServiceAccount> sa = store.find(Resources.SERVICEACCOUNTS, ns, name);
    Boolean podSays = pod.getSpec().getAutomountServiceAccountToken();
    boolean mount = podSays != null ? podSays : sa.map(ServiceAccount::getAutomountServiceAccountToken).orElse(true);
    if (!mount || sa.isEmpty()) {
      return Optional.empty();
    }
    String token = tokens.issue(new ServiceAccountTokens.Subject(ns, name, sa.get().getMetadata().getUid(),
        Optional.of(new ServiceAccountTokens.BoundPod(pod.getMetadata().getName(), pod.getMetadata().getUid()))), TOKEN_LIFETIME);
    return Optional.of(new ServiceAccountFiles(token, caPem, ns));
  }
}

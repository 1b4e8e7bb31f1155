package dev.podnet.daemon.api;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;

/**
 * Upstream's ServiceAccount admission for pod creation: the account the pod names must exist.
 * The {@code default} account of a namespace made a moment ago is still being created by its
 * controller, so for it the check waits briefly rather than failing a {@code create ns && run}.
 */
final class ServiceAccountAdmission {
  private static final Duration DEFAULT_ACCOUNT_WAIT = Duration.ofSeconds(3);

  private ServiceAccountAdmission() {}

  static void admit(AdmissionLookups lookups, Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getSpec().getServiceAccountName();
    long end = System.nanoTime() + (name.equals("default") ? DEFAULT_ACCOUNT_WAIT.toNanos() : 0);
    while (!lookups.serviceAccountExists(ns, name)) {
      if (System.nanoTime() >= end) {
        String pn = pod.getMetadata().getName() == null ? "" : pod.getMetadata().getName();
        throw new ApiError(403, "Forbidden", "pods \"" + pn + "\" is forbidden: error looking up service account " + ns + "/" + name
            + ": serviceaccount \"" + name + "\" not found");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiError(503, "ServiceUnavailable", "interrupted while looking up service account " + ns + "/" + name);
      }
    }
  }
}

package dev.podnet.lab.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * Where a node runtime gets a pod's service-account credentials, as kubelet gets them from the
 * API's TokenRequest: the runtime only writes and mounts them, it does not know how they are made.
 */
public interface PodCredentials {
  /** Where kubelet mounts them in every container. */
  String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

  /** No credentials for anyone: pods run without a mounted token. */
  PodCredentials NONE = pod -> Optional.empty();

  /** The files to mount for {@code pod}; empty when it gets none ({@code automountServiceAccountToken: false}). */
  Optional<ServiceAccountFiles> forPod(Pod pod);

  /** The three files of the projected volume: the token, the cluster CA (PEM) and the pod's namespace. */
  record ServiceAccountFiles(String token, String caCrt, String namespace) {}
}

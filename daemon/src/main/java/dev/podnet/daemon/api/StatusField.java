package dev.podnet.daemon.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/** The {@code status} of the kinds that have one, copied from one object to another. */
final class StatusField {
  private StatusField() {}

  static void copy(HasMetadata from, HasMetadata to) {
    if (from instanceof Pod f && to instanceof Pod t) {
      t.setStatus(f.getStatus());
    } else if (from instanceof Node f && to instanceof Node t) {
      t.setStatus(f.getStatus());
    } else if (from instanceof Deployment f && to instanceof Deployment t) {
      t.setStatus(f.getStatus());
    } else if (from instanceof ReplicaSet f && to instanceof ReplicaSet t) {
      t.setStatus(f.getStatus());
    } else if (from instanceof DaemonSet f && to instanceof DaemonSet t) {
      t.setStatus(f.getStatus());
    } else if (from instanceof Ingress f && to instanceof Ingress t) {
      t.setStatus(f.getStatus());
    }
  }
}

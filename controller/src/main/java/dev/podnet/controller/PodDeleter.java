package dev.podnet.controller;

import dev.podnet.api.Resources;
import dev.podnet.store.Preconditions;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How controllers delete a pod. Deletion is graceful: the API server marks a bound pod with a
 * deletionTimestamp and the node runtime removes it once its containers are gone, so controllers
 * never remove a bound pod from the store themselves. Absent (or replaced by a new pod of the same
 * name) counts as deleted.
 */
@FunctionalInterface
public interface PodDeleter {

  void delete(Pod pod);

  /**
   * What the API server does, for tests and for podnetd until its API has a delete verb to call: a
   * bound pod gets deletionTimestamp now + its grace period; an unscheduled one has nothing to stop
   * and is removed at once.
   */
  static PodDeleter graceful(Store store) {
    return pod -> {
      String ns = pod.getMetadata().getNamespace();
      String name = pod.getMetadata().getName();
      String uid = pod.getMetadata().getUid();
      for (int attempt = 0; attempt < 8; attempt++) {
        Optional<Pod> current = store.find(Resources.PODS, ns, name);
        if (current.isEmpty() || !Objects.equals(current.get().getMetadata().getUid(), uid) || Pods.isTerminating(current.get())) {
          return;
        }
        try {
          if (Pods.isBound(current.get())) {
            store.<Pod>guaranteedUpdate(Resources.PODS, ns, name, p -> markDeleted(p, uid));
          } else {
            store.delete(Resources.PODS, ns, name, new Preconditions(uid, current.get().getMetadata().getResourceVersion()));
          }
          return;
        } catch (StoreException e) {
          if (e.is(StoreException.Reason.NOT_FOUND)) {
            return;
          }
          if (!e.is(StoreException.Reason.CONFLICT)) {
            throw e;
          }
          // bound (or changed) since we read it: decide again on the current pod
        }
      }
      throw new StoreException(StoreException.Reason.CONFLICT, "delete pod " + ns + "/" + name + ": it kept changing, gave up after 8 attempts");
    };
  }

  private static Pod markDeleted(Pod pod, String uid) {
    if (!Objects.equals(pod.getMetadata().getUid(), uid) || Pods.isTerminating(pod)) {
      return pod;
    }
    long grace = Objects.requireNonNullElse(pod.getSpec().getTerminationGracePeriodSeconds(), 30L);
    pod.getMetadata().setDeletionGracePeriodSeconds(grace);
    pod.getMetadata().setDeletionTimestamp(Pods.timestamp(Instant.now().plusSeconds(grace)));
    return pod;
  }
}

package dev.podnet.lab.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;

/** Where a node runtime reports what its pods are doing (podnetd writes it to the store). */
public interface PodStatusSink {
  /** The pod's status changed. */
  void update(Pod pod, PodStatus status);

  /** The pod's containers are stopped and its sandbox is gone: the object may now be removed. */
  void finished(Pod pod);
}

package dev.podnet.lab.runtime;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps the last status each pod reported, and which pods finished. */
final class RecordingSink implements PodStatusSink {
  final Map<String, PodStatus> statuses = new ConcurrentHashMap<>();
  final Set<String> finished = ConcurrentHashMap.newKeySet();

  @Override
  public void update(Pod pod, PodStatus status) {
    statuses.put(pod.getMetadata().getName(), status);
  }

  @Override
  public void finished(Pod pod) {
    finished.add(pod.getMetadata().getName());
  }

  PodStatus status(String pod) {
    return statuses.get(pod);
  }

  ContainerStatus container(String pod, String container) {
    PodStatus s = statuses.get(pod);
    return s == null ? null : s.getContainerStatuses().stream().filter(c -> c.getName().equals(container)).findFirst().orElse(null);
  }

  boolean ready(String pod) {
    PodStatus s = statuses.get(pod);
    return s != null && s.getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }
}

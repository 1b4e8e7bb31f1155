package dev.podnet.controller;

import dev.podnet.api.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How many of a set of active pods exist, carry all the template's labels, are Ready, and have
 * been Ready for minReadySeconds: the numbers ReplicaSet and Deployment statuses report.
 */
record ReplicaCounts(int replicas, int fullyLabeled, int ready, int available) {

  static ReplicaCounts of(List<Pod> active, PodTemplateSpec template, int minReadySeconds, Instant now) {
    Map<String, String> templateLabels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
    LabelSelector labels = LabelSelector.of(Objects.requireNonNullElse(templateLabels, Map.of()));
    int fullyLabeled = 0;
    int ready = 0;
    int available = 0;
    for (Pod p : active) {
      fullyLabeled += labels.matches(Pods.labels(p)) ? 1 : 0;
      ready += Pods.isReady(p) ? 1 : 0;
      available += Pods.isAvailable(p, minReadySeconds, now) ? 1 : 0;
    }
    return new ReplicaCounts(active.size(), fullyLabeled, ready, available);
  }
}

package dev.podnet.controller;

import dev.podnet.api.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How many of a set of active pods exist, carry all the template's labels, are Ready, and have
 * been Ready for minReadySeconds: the numbers ReplicaSet and Deployment statuses report.
 */
record ReplicaCounts(int replicas, int fullyLabeled, int ready, int available) {

  static ReplicaCounts of(List<Pod> active, Map<String, String> templateLabels, int minReadySeconds, Instant now) {
    LabelSelector labels = LabelSelector.of(templateLabels);
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

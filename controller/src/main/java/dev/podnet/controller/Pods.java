package dev.podnet.controller;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What controllers ask of a pod. A pod with a deletionTimestamp is terminating: it no longer counts
 * as existing anywhere (not for replicas, not for a node's load), but nobody deletes it twice.
 */
final class Pods {
  static final String READY = "Ready";
  static final String POD_SCHEDULED = "PodScheduled";

  private Pods() {}

  static boolean isTerminating(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  static boolean isTerminated(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** Neither terminating nor finished: what upstream's FilterActivePods keeps. */
  static boolean isActive(Pod pod) {
    return !isTerminating(pod) && !isTerminated(pod);
  }

  static String nodeName(Pod pod) {
    return pod.getSpec() == null ? "" : Objects.requireNonNullElse(pod.getSpec().getNodeName(), "");
  }

  static boolean isBound(Pod pod) {
    return !nodeName(pod).isEmpty();
  }

  static Map<String, String> labels(Pod pod) {
    return Objects.requireNonNullElse(pod.getMetadata().getLabels(), Map.of());
  }

  static Optional<PodCondition> condition(Pod pod, String type) {
    List<PodCondition> conditions = pod.getStatus() == null ? null : pod.getStatus().getConditions();
    return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static boolean isReady(Pod pod) {
    return condition(pod, READY).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** Ready for at least {@code minReadySeconds} by {@code now}: upstream's IsPodAvailable. */
  static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
    if (!isReady(pod)) {
      return false;
    }
    if (minReadySeconds <= 0) {
      return true;
    }
    String since = condition(pod, READY).map(PodCondition::getLastTransitionTime).orElse(null);
    return since != null && Instant.parse(since).plusSeconds(minReadySeconds).compareTo(now) <= 0;
  }

  /**
   * Sets the condition of {@code type}, keeping its lastTransitionTime when the status stays the
   * same, so that setting the same condition twice writes nothing the second time.
   */
  static void setCondition(Pod pod, PodCondition wanted, Instant now) {
    if (pod.getStatus() == null) {
      pod.setStatus(new PodStatus());
    }
    List<PodCondition> conditions = new ArrayList<>(Objects.requireNonNullElse(pod.getStatus().getConditions(), List.of()));
    Optional<PodCondition> old = condition(pod, wanted.getType());
    boolean same = old.isPresent() && Objects.equals(old.get().getStatus(), wanted.getStatus());
    wanted.setLastTransitionTime(same ? old.get().getLastTransitionTime() : timestamp(now));
    conditions.removeIf(c -> wanted.getType().equals(c.getType()));
    conditions.add(wanted);
    pod.getStatus().setConditions(conditions);
  }

  /** True if the pod's condition of that type already has this status, reason and message. */
  static boolean hasCondition(Pod pod, PodCondition wanted) {
    return condition(pod, wanted.getType()).filter(c -> Objects.equals(c.getStatus(), wanted.getStatus())
        && Objects.equals(c.getReason(), wanted.getReason()) && Objects.equals(c.getMessage(), wanted.getMessage())).isPresent();
  }

  /** Kubernetes' timestamp form, to the second: {@code 2024-05-01T10:00:00Z}. */
  static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}

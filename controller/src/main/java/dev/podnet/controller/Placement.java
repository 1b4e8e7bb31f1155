package dev.podnet.controller;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a pod goes, decided from values alone: the nodes that pass every filter (Ready, schedulable,
 * labels match the pod's nodeSelector), then the one with the fewest pods of the same controller
 * (upstream's default topology spread: a ReplicaSet's pods spread over the nodes whatever else
 * runs there), then the least loaded, then the first by name. When none
 * passes, the answer is upstream's FitError message, one count per first failing filter.
 */
final class Placement {
  static final String NO_NODES = "no nodes available to schedule pods";
  static final String NOT_READY = "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
  static final String UNSCHEDULABLE = "node(s) were unschedulable";
  static final String SELECTOR = "node(s) didn't match Pod's node affinity/selector";

  private Placement() {}

  /** The outcome for one pod. */
  sealed interface Decision {}

  record Bind(String node) implements Decision {}

  record Unschedulable(String message) implements Decision {}

  /**
   * {@code load}: each node's count of pods that are neither terminating nor finished;
   * {@code siblings}: the same count for the pods of {@code pod}'s controller only.
   */
  static Decision decide(Pod pod, List<Node> nodes, Map<String, Integer> load, Map<String, Integer> siblings) {
    if (nodes.isEmpty()) {
      return new Unschedulable(NO_NODES);
    }
    Map<String, Integer> failures = new TreeMap<>();
    List<Node> fitting = new ArrayList<>();
    for (Node node : nodes) {
      Optional<String> failure = firstFailure(pod, node);
      if (failure.isPresent()) {
        failures.merge(failure.get(), 1, Integer::sum);
      } else {
        fitting.add(node);
      }
    }
    Comparator<Node> bySiblings = Comparator.comparingInt(n -> siblings.getOrDefault(n.getMetadata().getName(), 0));
    Comparator<Node> byLoad = Comparator.comparingInt(n -> load.getOrDefault(n.getMetadata().getName(), 0));
    Optional<Node> best = fitting.stream().min(bySiblings.thenComparing(byLoad).thenComparing(n -> n.getMetadata().getName()));
    if (best.isPresent()) {
      return new Bind(best.get().getMetadata().getName());
    }
    List<String> reasons = new ArrayList<>();
    failures.forEach((reason, count) -> reasons.add(count + " " + reason));
    reasons.sort(Comparator.naturalOrder());
    return new Unschedulable("0/" + nodes.size() + " nodes are available: " + String.join(", ", reasons) + ".");
  }

  /** In upstream's filter order: NodeUnschedulable, TaintToleration (not-ready), NodeAffinity. */
  private static Optional<String> firstFailure(Pod pod, Node node) {
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return Optional.of(UNSCHEDULABLE);
    }
    if (!isReady(node)) {
      return Optional.of(NOT_READY);
    }
    Map<String, String> selector = pod.getSpec() == null ? null : pod.getSpec().getNodeSelector();
    Map<String, String> labels = Objects.requireNonNullElse(node.getMetadata().getLabels(), Map.of());
    if (selector != null && !selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
      return Optional.of(SELECTOR);
    }
    return Optional.empty();
  }

  static boolean isReady(Node node) {
    List<NodeCondition> conditions = node.getStatus() == null ? null : node.getStatus().getConditions();
    return conditions != null && conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}

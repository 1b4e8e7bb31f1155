package dev.podnet.controller;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The replicas each of a Deployment's ReplicaSets should have now, computed from values alone, as
 * upstream's rolling.go and recreate.go decide it. A ReplicaSet's available pods count only up to
 * its spec.replicas: pods beyond that are about to be deleted, so they must not excuse scaling an
 * old ReplicaSet down further.
 */
final class Rollout {
  static final String RECREATE = "Recreate";

  private Rollout() {}

  /** The fenceposts of a rolling update: how far over and under spec.replicas it may go. */
  record Limits(int maxSurge, int maxUnavailable) {

    /** Upstream's ResolveFenceposts and MaxUnavailable: surge rounds up, unavailable down; both 0 means unavailable 1. */
    static Limits of(Deployment d) {
      int replicas = replicas(d);
      DeploymentStrategy strategy = d.getSpec().getStrategy();
      if (strategy != null && RECREATE.equals(strategy.getType())) {
        return new Limits(0, 0);
      }
      boolean rolling = strategy != null && strategy.getRollingUpdate() != null;
      int surge = rolling ? scaled(d, "maxSurge", strategy.getRollingUpdate().getMaxSurge(), replicas, true) : 0;
      int unavailable = rolling ? scaled(d, "maxUnavailable", strategy.getRollingUpdate().getMaxUnavailable(), replicas, false) : 0;
      if (surge == 0 && unavailable == 0) {
        unavailable = 1;
      }
      return new Limits(surge, Math.min(unavailable, replicas));
    }

    int minAvailable(int replicas) {
      return replicas - maxUnavailable;
    }
  }

  static int replicas(Deployment d) {
    return Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
  }

  /**
   * Target replicas by ReplicaSet name. {@code olds} oldest first; {@code availablePods} by name;
   * {@code oldPodsRemain}: some pod of an old ReplicaSet still exists, even terminating.
   */
  static Map<String, Integer> plan(Deployment d, ReplicaSet newRs, List<ReplicaSet> olds, Map<String, Integer> availablePods,
      boolean oldPodsRemain) {
    Map<String, Integer> targets = new LinkedHashMap<>();
    olds.forEach(rs -> targets.put(name(rs), ReplicaSetController.replicas(rs)));
    targets.put(name(newRs), Objects.requireNonNullElse(newRs.getSpec().getReplicas(), 0));
    DeploymentStrategy strategy = d.getSpec().getStrategy();
    if (strategy != null && RECREATE.equals(strategy.getType())) {
      recreate(d, name(newRs), targets, oldPodsRemain);
    } else {
      rolling(d, name(newRs), targets, availablePods);
    }
    return targets;
  }

  /** Old ReplicaSets to 0 first; the new one up only once no old pod is left. */
  private static void recreate(Deployment d, String newName, Map<String, Integer> targets, boolean oldPodsRemain) {
    boolean oldsScaled = targets.entrySet().stream().anyMatch(e -> !e.getKey().equals(newName) && e.getValue() > 0);
    if (oldsScaled) {
      targets.replaceAll((name, replicas) -> name.equals(newName) ? replicas : 0);
    } else if (!oldPodsRemain) {
      targets.put(newName, replicas(d));
    }
  }

  private static void rolling(Deployment d, String newName, Map<String, Integer> t, Map<String, Integer> availablePods) {
    int replicas = replicas(d);
    Limits limits = Limits.of(d);
    int current = t.get(newName);
    if (current > replicas) {
      t.put(newName, replicas);
    } else if (current < replicas) {
      int room = replicas + limits.maxSurge() - sum(t);
      if (room > 0) {
        t.put(newName, current + Math.min(room, replicas - current));
      }
    }
    if (sum(t) == t.get(newName)) {
      return;
    }
    int minAvailable = limits.minAvailable(replicas);
    int newUnavailable = t.get(newName) - available(newName, t, availablePods);
    int maxScaledDown = sum(t) - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) {
      return;
    }
    // old pods that are not available anyway go first: removing them costs no availability
    for (String old : olds(t, newName)) {
      int unhealthy = t.get(old) - available(old, t, availablePods);
      int down = Math.min(Math.max(unhealthy, 0), maxScaledDown);
      t.put(old, t.get(old) - down);
      maxScaledDown -= down;
    }
    int availableTotal = t.keySet().stream().mapToInt(name -> available(name, t, availablePods)).sum();
    int scaleDown = availableTotal - minAvailable;
    for (String old : olds(t, newName)) {
      int down = Math.min(t.get(old), Math.max(scaleDown, 0));
      t.put(old, t.get(old) - down);
      scaleDown -= down;
    }
  }

  private static List<String> olds(Map<String, Integer> t, String newName) {
    return t.keySet().stream().filter(name -> !name.equals(newName)).toList();
  }

  private static int available(String name, Map<String, Integer> t, Map<String, Integer> availablePods) {
    return Math.min(t.get(name), availablePods.getOrDefault(name, 0));
  }

  private static int sum(Map<String, Integer> t) {
    return t.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static String name(ReplicaSet rs) {
    return rs.getMetadata().getName();
  }

  /** An int, or a percentage of {@code total} rounded up or down, as intstr.GetScaledValueFromIntOrPercent. */
  static int scaled(Deployment d, String field, IntOrString value, int total, boolean roundUp) {
    if (value == null) {
      return 0;
    }
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String s = Objects.requireNonNullElse(value.getStrVal(), "");
    try {
      if (s.endsWith("%")) {
        long percent = Long.parseLong(s.substring(0, s.length() - 1));
        long scaled = percent * total;
        return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
      }
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("deployment " + d.getMetadata().getNamespace() + "/" + d.getMetadata().getName() + ": spec.strategy.rollingUpdate."
          + field + " \"" + s + "\" is neither a number nor a percentage", e);
    }
  }
}

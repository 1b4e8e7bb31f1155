package dev.podnet.controller;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Deployment's status from its pods' counts, with upstream's Available and Progressing
 * conditions. A condition keeps its timestamps while its status and reason stay, so computing the
 * same status twice yields the same object and the store writes nothing.
 */
final class RolloutStatus {
  static final String AVAILABLE = "Available";
  static final String PROGRESSING = "Progressing";

  private RolloutStatus() {}

  /**
   * What a sync saw: the Deployment as it computed with, its new ReplicaSet's name, the counts of
   * the active pods of all its ReplicaSets and of the new one's.
   */
  record Observed(Deployment deployment, String newReplicaSet, ReplicaCounts all, ReplicaCounts updated) {}

  /** {@code previous}: the status stored now, whose conditions' times and collisionCount carry over. */
  static DeploymentStatus of(Observed observed, DeploymentStatus previous, Instant now) {
    Deployment d = observed.deployment();
    ReplicaCounts all = observed.all();
    ReplicaCounts updated = observed.updated();
    String newReplicaSet = observed.newReplicaSet();
    int replicas = Rollout.replicas(d);
    DeploymentStatus old = Objects.requireNonNullElse(previous, new DeploymentStatus());
    DeploymentStatus s = new DeploymentStatus();
    s.setObservedGeneration(d.getMetadata().getGeneration());
    s.setReplicas(all.replicas());
    s.setUpdatedReplicas(updated.replicas());
    s.setReadyReplicas(all.ready());
    s.setAvailableReplicas(all.available());
    s.setUnavailableReplicas(Math.max(0, replicas - all.available()));
    s.setCollisionCount(old.getCollisionCount());
    boolean minimum = all.available() >= Rollout.Limits.of(d).minAvailable(replicas);
    boolean complete = updated.replicas() == replicas && all.replicas() == replicas && all.available() == replicas;
    List<DeploymentCondition> conditions = new ArrayList<>();
    conditions.add(condition(old, AVAILABLE, minimum ? "True" : "False", minimum ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        minimum ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now));
    conditions.add(condition(old, PROGRESSING, "True", complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
        "ReplicaSet \"" + newReplicaSet + "\" " + (complete ? "has successfully progressed." : "is progressing."), now));
    s.setConditions(conditions);
    return s;
  }

  private static DeploymentCondition condition(DeploymentStatus old, String type, String status, String reason, String message, Instant now) {
    Optional<DeploymentCondition> before = Optional.ofNullable(old.getConditions()).orElse(List.of()).stream()
        .filter(c -> type.equals(c.getType())).findFirst();
    boolean sameStatus = before.filter(c -> status.equals(c.getStatus())).isPresent();
    boolean same = sameStatus && before.filter(c -> reason.equals(c.getReason()) && message.equals(c.getMessage())).isPresent();
    String stamp = Pods.timestamp(now);
    return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(sameStatus ? before.get().getLastTransitionTime() : stamp)
        .withLastUpdateTime(same ? before.get().getLastUpdateTime() : stamp).build();
  }
}

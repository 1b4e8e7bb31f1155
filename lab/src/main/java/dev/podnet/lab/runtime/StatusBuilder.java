package dev.podnet.lab.runtime;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Pod status from the containers' states, with kubelet's rules for phase and conditions. Pure. */
final class StatusBuilder {
  private StatusBuilder() {}

  static PodStatus build(Pod pod, Collection<ContainerSlot> slots, Optional<String> podIp, String hostIp, Instant startTime) {
    List<ContainerStatus> statuses = slots.stream().map(ContainerSlot::status).toList();
    boolean allReady = !slots.isEmpty() && slots.stream().allMatch(ContainerSlot::ready);
    String phase = phase(pod, slots, podIp.isPresent());
    List<PodCondition> conditions = new ArrayList<>();
    PodStatus old = pod.getStatus();
    conditions.add(condition(old, "PodScheduled", true, null));
    conditions.add(condition(old, "Initialized", true, null));
    conditions.add(condition(old, "ContainersReady", allReady, allReady ? null : "ContainersNotReady"));
    conditions.add(condition(old, "Ready", allReady, allReady ? null : "ContainersNotReady"));
    PodStatusBuilder b = new PodStatusBuilder().withPhase(phase).withConditions(conditions).withContainerStatuses(statuses)
        .withHostIP(hostIp).withHostIPs(new io.fabric8.kubernetes.api.model.HostIP(hostIp)).withStartTime(ContainerSlot.ts(startTime))
        .withQosClass("BestEffort");
    podIp.ifPresent(ip -> b.withPodIP(ip).withPodIPs(new PodIP(ip)));
    return b.build();
  }

  static String phase(Pod pod, Collection<ContainerSlot> slots, boolean hasSandbox) {
    if (!hasSandbox || slots.stream().allMatch(s -> s.state.getWaiting() != null && s.restartCount == 0 && s.lastState == null)) {
      return "Pending";
    }
    String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    boolean allTerminated = slots.stream().allMatch(ContainerSlot::isTerminated);
    if (allTerminated && !policy.equals("Always")) {
      boolean allZero = slots.stream().allMatch(s -> s.state.getTerminated().getExitCode() == 0);
      if (allZero) {
        return "Succeeded";
      }
      if (policy.equals("Never")) {
        return "Failed";
      }
    }
    return "Running";
  }

  private static PodCondition condition(PodStatus old, String type, boolean status, String reason) {
    String s = status ? "True" : "False";
    String since = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    if (old != null) {
      for (PodCondition c : old.getConditions()) {
        if (c.getType().equals(type) && s.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
          since = c.getLastTransitionTime();
        }
      }
    }
    return new PodConditionBuilder().withType(type).withStatus(s).withReason(reason).withLastTransitionTime(since).build();
  }
}

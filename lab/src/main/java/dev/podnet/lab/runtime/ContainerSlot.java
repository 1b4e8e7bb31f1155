package dev.podnet.lab.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ScheduledFuture;

/** One container of a pod as the runtime tracks it: its current run, last termination, readiness, restarts. */
final class ContainerSlot {
  final Container spec;
  final Path dir;
  ContainerProcess process;
  ContainerState state;
  ContainerState lastState;
  int restartCount;
  boolean ready;
  int probeSuccesses;
  int readinessFailures;
  int livenessFailures;
  ScheduledFuture<?> readiness;
  ScheduledFuture<?> liveness;
  ScheduledFuture<?> restart;

  ContainerSlot(Container spec, Path dir) {
    this.spec = spec;
    this.dir = dir;
    waiting("ContainerCreating", null);
  }

  void waiting(String reason, String message) {
    state = new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
  }

  void running(ContainerProcess p) {
    process = p;
    ready = spec.getReadinessProbe() == null;
    probeSuccesses = 0;
    readinessFailures = 0;
    livenessFailures = 0;
    state = new ContainerStateBuilder().withNewRunning().withStartedAt(ts(p.startedAt())).endRunning().build();
  }

  void terminated(int exitCode, String message) {
    Instant started = process == null ? Instant.now() : process.startedAt();
    state = new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error")
        .withMessage(message == null || message.isEmpty() ? null : message).withStartedAt(ts(started)).withFinishedAt(ts(Instant.now()))
        .withContainerID(process == null ? null : "podnet://" + process.pid()).endTerminated().build();
    lastState = state;
    ready = false;
    process = null;
  }

  boolean isRunning() {
    return state.getRunning() != null;
  }

  boolean isTerminated() {
    return state.getTerminated() != null;
  }

  ContainerStatus status() {
    return new ContainerStatusBuilder().withName(spec.getName()).withImage(spec.getImage()).withImageID("")
        .withContainerID(process == null ? null : "podnet://" + process.pid()).withReady(ready).withStarted(isRunning())
        .withRestartCount(restartCount).withState(state).withLastState(lastState == null || lastState == state ? new ContainerState() : lastState)
        .build();
  }

  /** What stops when the pod starts terminating: restarts and liveness; readiness keeps probing, as kubelet's does. */
  void cancelForTermination() {
    for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {liveness, restart}) {
      if (f != null) {
        f.cancel(false);
      }
    }
    liveness = null;
    restart = null;
  }

  void cancelTimers() {
    for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {readiness, liveness, restart}) {
      if (f != null) {
        f.cancel(false);
      }
    }
    readiness = null;
    liveness = null;
    restart = null;
  }

  static String ts(Instant i) {
    return i.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}

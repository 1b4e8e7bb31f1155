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
  /** The probe state of the current run; a fresh one each run, none while not running. */
  ProbeStates probes;
  ScheduledFuture<?> startup;
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
    probes = new ProbeStates(spec);
    state = new ContainerStateBuilder().withNewRunning().withStartedAt(ts(p.startedAt())).endRunning().build();
  }

  void terminated(int exitCode, String message) {
    Instant started = process == null ? Instant.now() : process.startedAt();
    state = new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error")
        .withMessage(message == null || message.isEmpty() ? null : message).withStartedAt(ts(started)).withFinishedAt(ts(Instant.now()))
        .withContainerID(process == null ? null : "podnet://" + process.pid()).endTerminated().build();
    lastState = state;
    probes = null;
    process = null;
  }

  boolean ready() {
    return probes != null && probes.ready();
  }

  boolean isRunning() {
    return state.getRunning() != null;
  }

  boolean isTerminated() {
    return state.getTerminated() != null;
  }

  ContainerStatus status() {
    return new ContainerStatusBuilder().withName(spec.getName()).withImage(spec.getImage()).withImageID("")
        .withContainerID(process == null ? null : "podnet://" + process.pid()).withReady(ready()).withStarted(isRunning() && probes.started())
        .withRestartCount(restartCount).withState(state).withLastState(lastState == null || lastState == state ? new ContainerState() : lastState)
        .build();
  }

  /** What stops when the pod starts terminating: restarts, startup and liveness; readiness keeps probing, as kubelet's does. */
  void cancelForTermination() {
    for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {startup, liveness, restart}) {
      if (f != null) {
        f.cancel(false);
      }
    }
    startup = null;
    liveness = null;
    restart = null;
  }

  void cancelStartup() {
    if (startup != null) {
      startup.cancel(false);
      startup = null;
    }
  }

  void cancelTimers() {
    for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {startup, readiness, liveness, restart}) {
      if (f != null) {
        f.cancel(false);
      }
    }
    startup = null;
    readiness = null;
    liveness = null;
    restart = null;
  }

  static String ts(Instant i) {
    return i.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}

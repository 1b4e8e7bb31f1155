package dev.podnet.lab.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * The probe state of one run of one container, as kubelet's prober keeps it. Pure: the worker
 * feeds it probe results and acts on what it answers.
 *
 * <p>With a startupProbe the container is not started until that probe succeeds once: until then
 * liveness and readiness are not run (a slow start is never killed by liveness) and the container
 * is not ready. failureThreshold consecutive startup failures (so about failureThreshold x
 * periodSeconds) kill it, as a liveness failure does. Without a startupProbe it counts as started
 * as soon as it runs.
 */
final class ProbeStates {
  enum Kind { STARTUP, READINESS, LIVENESS }

  /** What a probe result asks the worker to do. */
  enum Outcome { NOTHING, STARTED, READY, UNREADY, KILL }

  private final Probe startup;
  private final Probe readiness;
  private final Probe liveness;
  private boolean started;
  private boolean ready;
  private int startupFailures;
  private int readinessSuccesses;
  private int readinessFailures;
  private int livenessFailures;

  ProbeStates(Container spec) {
    this.startup = spec.getStartupProbe();
    this.readiness = spec.getReadinessProbe();
    this.liveness = spec.getLivenessProbe();
    this.started = startup == null;
    this.ready = started && readiness == null;
  }

  boolean started() {
    return started;
  }

  boolean ready() {
    return ready;
  }

  /** Keeps the readiness the API last heard from this same process (a restarted runtime adopting it). */
  void adoptReady() {
    started = true;
    ready = true;
  }

  Probe probe(Kind kind) {
    return switch (kind) {
      case STARTUP -> startup;
      case READINESS -> readiness;
      case LIVENESS -> liveness;
    };
  }

  /** Whether a probe of this kind is run now: startup only until it succeeded, the others only after. */
  boolean runs(Kind kind) {
    return probe(kind) != null && (kind == Kind.STARTUP) != started;
  }

  Outcome record(Kind kind, boolean success) {
    if (!runs(kind)) {
      return Outcome.NOTHING;
    }
    Probe p = probe(kind);
    int failureThreshold = p.getFailureThreshold() == null ? 3 : p.getFailureThreshold();
    return switch (kind) {
      case STARTUP -> startup(success, failureThreshold);
      case READINESS -> readiness(success, p.getSuccessThreshold() == null ? 1 : p.getSuccessThreshold(), failureThreshold);
      case LIVENESS -> liveness(success, failureThreshold);
    };
  }

  private Outcome startup(boolean success, int failureThreshold) {
    if (success) {
      started = true;
      startupFailures = 0;
      if (readiness == null) {
        ready = true;
      }
      return Outcome.STARTED;
    }
    if (++startupFailures >= failureThreshold) {
      startupFailures = 0;
      return Outcome.KILL;
    }
    return Outcome.NOTHING;
  }

  private Outcome readiness(boolean success, int successThreshold, int failureThreshold) {
    boolean before = ready;
    readinessSuccesses = success ? readinessSuccesses + 1 : 0;
    readinessFailures = success ? 0 : readinessFailures + 1;
    if (readinessSuccesses >= successThreshold) {
      ready = true;
    } else if (readinessFailures >= failureThreshold) {
      ready = false;
    }
    return before == ready ? Outcome.NOTHING : ready ? Outcome.READY : Outcome.UNREADY;
  }

  private Outcome liveness(boolean success, int failureThreshold) {
    livenessFailures = success ? 0 : livenessFailures + 1;
    if (livenessFailures >= failureThreshold) {
      livenessFailures = 0;
      return Outcome.KILL;
    }
    return Outcome.NOTHING;
  }
}

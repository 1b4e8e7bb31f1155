package dev.podnet.lab.runtime;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a node runtime behaves: where it keeps pod state (pid files, logs, generated files) and
 * kubelet's restart back-off (10 s doubling to 5 min, reset after 10 min of running).
 */
public record RuntimeConfig(Path stateDir, Duration backoffBase, Duration backoffMax, Duration backoffReset) {
  public static RuntimeConfig kubelet(Path stateDir) {
    return new RuntimeConfig(stateDir, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(10));
  }

  /** The delay before restart number {@code restarts + 1}: none for the first, then doubling. */
  public Duration backoff(int restarts) {
    if (restarts <= 0) {
      return Duration.ZERO;
    }
    long ms = backoffBase.toMillis() << Math.min(restarts - 1, 20);
    return Duration.ofMillis(Math.min(ms, backoffMax.toMillis()));
  }
}

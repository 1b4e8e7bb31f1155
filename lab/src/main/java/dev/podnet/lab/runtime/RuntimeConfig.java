package dev.podnet.lab.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a node runtime behaves: where it keeps pod state (pid files, logs, generated files) and
 * kubelet's restart back-off (10 s doubling to 5 min, reset after 10 min of running).
 */
public record RuntimeConfig(Path stateDir, Duration backoffBase, Duration backoffMax, Duration backoffReset, Optional<Path> agnhost) {
  /** Where a checkout's agnhost launcher is, below {@code $PODNET_HOME} (set by bin/podnet). */
  public static final String AGNHOST_LAUNCHER = "netexec/target/agnhost";
  /** Where a checkout's podnet/dns launcher is, below {@code $PODNET_HOME}. */
  public static final String DNS_LAUNCHER = "dns/target/podnet-dns";
  /** Where a checkout's podnet/ingress launcher is, below {@code $PODNET_HOME}. */
  public static final String INGRESS_LAUNCHER = "ingress/target/podnet-ingress";

  public RuntimeConfig(Path stateDir, Duration backoffBase, Duration backoffMax, Duration backoffReset) {
    this(stateDir, backoffBase, backoffMax, backoffReset, locateAgnhost());
  }

  public static RuntimeConfig kubelet(Path stateDir) {
    return new RuntimeConfig(stateDir, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(10));
  }

  /** The agnhost launcher of this installation: {@code -Dpodnet.home} or {@code $PODNET_HOME}, then the launcher below it. */
  static Optional<Path> locateAgnhost() {
    return locate(AGNHOST_LAUNCHER);
  }

  /** A launcher below this installation's home ({@code -Dpodnet.home} or {@code $PODNET_HOME}), if built. */
  static Optional<Path> locate(String launcher) {
    String home = System.getProperty("podnet.home", System.getenv().getOrDefault("PODNET_HOME", ""));
    if (home.isEmpty()) {
      return Optional.empty();
    }
    Path p = Path.of(home).resolve(launcher);
    return java.nio.file.Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
  }

  /** The directory first on every container's PATH: the image tools (agnhost) live there. */
  public Path toolsDir() {
    return stateDir.resolve("bin");
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

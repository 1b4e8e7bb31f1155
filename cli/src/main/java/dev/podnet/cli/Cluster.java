package dev.podnet.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a cluster lives on this host: its state dir holds podnetd's socket, pid file and log.
 *
 * @param name     the cluster's name, {@code podnet} unless {@code --name} says otherwise
 * @param stateDir {@code /var/lib/podnet/NAME}; the base comes from {@code PODNET_STATE_DIR} when set
 */
public record Cluster(String name, Path stateDir) {
  public static final String DEFAULT_NAME = "podnet";
  public static final String STATE_DIR_ENV = "PODNET_STATE_DIR";
  public static final Path DEFAULT_BASE = Path.of("/var/lib/podnet");

  public static Cluster named(String name, Map<String, String> env) {
    String base = env.get(STATE_DIR_ENV);
    Path dir = base == null || base.isBlank() ? DEFAULT_BASE : Path.of(base);
    return new Cluster(name, dir.resolve(name));
  }

  public boolean isDefault() {
    return DEFAULT_NAME.equals(name);
  }

  public Path socket() {
    return stateDir.resolve("podnetd.sock");
  }

  public Path pidFile() {
    return stateDir.resolve("podnetd.pid");
  }

  public Path log() {
    return stateDir.resolve("podnetd.log");
  }
}

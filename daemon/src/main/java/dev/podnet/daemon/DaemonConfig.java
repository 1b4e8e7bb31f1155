package dev.podnet.daemon;

import dev.podnet.agent.routing.Backends;
import java.nio.file.Path;
import java.util.Optional;

/** What podnetd runs: the cluster's name, size and backend, its etcd, and where its state lives. */
public record DaemonConfig(String name, int nodes, String routing, Optional<String> etcd, Path stateDir) {
  public DaemonConfig {
    if (!name.matches("[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?")) {
      throw new IllegalArgumentException("--name '" + name + "': use 1-20 lower-case letters, digits and '-'");
    }
    if (nodes < 1 || nodes > 250) {
      throw new IllegalArgumentException("--nodes " + nodes + ": choose 1 to 250");
    }
    Backends.byName(routing);
  }

  public Path socket() {
    return stateDir.resolve("podnetd.sock");
  }

  public Path pidFile() {
    return stateDir.resolve("podnetd.pid");
  }

  /** The prefix of every namespace this cluster makes. */
  public String prefix() {
    return "pn-" + name + "-";
  }
}

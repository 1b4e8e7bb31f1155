package dev.podnet.daemon;

import dev.podnet.agent.routing.Backends;
import dev.podnet.agent.Datapath;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What podnetd runs: the cluster's name, size and backend, its etcd, where its state lives, the
 * API's loopback port, whether it installs the Ingress add-on ({@link ClusterIngress}) and whether
 * the lab gets its edge router with a routed client and MetalLB's BGP peer for it ({@code edge}).
 */
public record DaemonConfig(String name, int nodes, String routing, Optional<String> etcd, Path stateDir, OptionalInt apiPort, boolean ingress,
    Datapath datapath, boolean edge) {
  /** Serving the API on the loopback port chosen at the first start (and kept in the state directory). */
  public DaemonConfig(String name, int nodes, String routing, Optional<String> etcd, Path stateDir) {
    this(name, nodes, routing, etcd, stateDir, OptionalInt.empty(), true, Datapath.NFTABLES, true);
  }

  public DaemonConfig(String name, int nodes, String routing, Optional<String> etcd, Path stateDir, OptionalInt apiPort, boolean ingress) {
    this(name, nodes, routing, etcd, stateDir, apiPort, ingress, Datapath.NFTABLES, true);
  }

  public DaemonConfig {
    if (apiPort.isPresent() && (apiPort.getAsInt() < 1 || apiPort.getAsInt() > 65535)) {
      throw new IllegalArgumentException("--api-port " + apiPort.getAsInt() + ": choose 1 to 65535");
    }
    if (!name.matches("[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?")) {
      throw new IllegalArgumentException("--name '" + name + "': use 1-20 lower-case letters, digits and '-'");
    }
    if (nodes < 0 || nodes > 250) {
      throw new IllegalArgumentException("--nodes " + nodes + ": choose 0 (a control plane only, nodes join it) to 250");
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

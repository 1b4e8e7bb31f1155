package dev.podnet.daemon;

import dev.podnet.kernel.IpKernel;
import dev.podnet.lab.Lab;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a previous run left that nothing wants any more, and what {@code podnet down} removes when podnetd is gone. */
final class Leftovers {
  private static final Logger log = LoggerFactory.getLogger(Leftovers.class);

  private final Lab lab;
  private final LabNodes nodes;
  private final PodDispatcher pods;

  Leftovers(Lab lab, LabNodes nodes, PodDispatcher pods) {
    this.lab = lab;
    this.nodes = nodes;
    this.pods = pods;
  }

  /** Sandboxes and runtime state of pods deleted while podnetd was down. */
  void remove() {
    int sandboxes = lab.removeStaleSandboxes(pods.sandboxKeys());
    nodes.runtimes().values().forEach(r -> {
      try {
        r.removeStaleState(pods.uids());
      } catch (IOException e) {
        log.warn("stale runtime state not removed node={} error={}", r.node().name(), e.getMessage());
      }
    });
    if (sandboxes > 0) {
      log.info("removed stale sandboxes count={}", sandboxes);
    }
  }

  /** Everything of the cluster: namespaces by prefix (with their processes), an orphaned etcd, the state directory. */
  static void removeEverything(DaemonConfig config) {
    Lab.cleanup(new IpKernel(), config.prefix(), config.stateDir().resolve("lab"));
    Path etcd = config.stateDir().resolve("etcd");
    OrphanEtcd.orphan(etcd.resolve("etcd.pid"), etcd).ifPresent(OrphanEtcd::stop);
    Lab.deleteTree(config.stateDir());
  }
}

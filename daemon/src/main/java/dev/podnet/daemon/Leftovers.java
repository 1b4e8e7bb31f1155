package dev.podnet.daemon;

import dev.podnet.agent.ebpf.SocketLbHooks;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelException;
import dev.podnet.kernel.bpf.BpfPrograms;
import dev.podnet.lab.Lab;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What {@code podnet down} removes when podnetd is gone (each node's process removes its own stale pods when it starts). */
final class Leftovers {
  private Leftovers() {}

  /**
   * Everything of the cluster: namespaces by prefix (with their processes), the socket LB's
   * cgroups and pins (they outlive the agents by design), an orphaned etcd, the state directory.
   * Each part is tried even when an earlier one failed, and the failures are reported together:
   * a teardown that stops half-way leaks what it did not reach.
   */
  static void removeEverything(DaemonConfig config) {
    List<String> failures = new ArrayList<>();
    step(failures, () -> Lab.cleanup(new IpKernel(), config.prefix(), config.stateDir().resolve("lab")));
    step(failures, () -> SocketLbHooks.removeAll(BpfPrograms.tool(), config.name()));
    step(failures, () -> {
      Path etcd = config.stateDir().resolve("etcd");
      OrphanEtcd.orphan(etcd.resolve("etcd.pid"), etcd).ifPresent(OrphanEtcd::stop);
    });
    if (!failures.isEmpty()) {
      throw new KernelException("remove cluster " + config.name(), "host", String.join("\n", failures)
          + "\n(the state in " + config.stateDir() + " is kept; run podnet down again)");
    }
    Lab.deleteTree(config.stateDir());
  }

  private static void step(List<String> failures, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failures.add(e.getMessage());
    }
  }
}

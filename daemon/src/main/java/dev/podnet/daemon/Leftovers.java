package dev.podnet.daemon;

import dev.podnet.kernel.IpKernel;
import dev.podnet.lab.Lab;
import java.nio.file.Path;

/** What {@code podnet down} removes when podnetd is gone (each node's process removes its own stale pods when it starts). */
final class Leftovers {
  private Leftovers() {}

  /** Everything of the cluster: namespaces by prefix (with their processes), an orphaned etcd, the state directory. */
  static void removeEverything(DaemonConfig config) {
    Lab.cleanup(new IpKernel(), config.prefix(), config.stateDir().resolve("lab"));
    // the socket LB's pins and cgroups outlive the agents by design; the cluster's go with it
    if (java.nio.file.Files.isDirectory(dev.podnet.kernel.bpf.Cgroup.v2Mount().resolve(dev.podnet.kernel.bpf.Cgroup.OWNER_PREFIX + config.name()))
        || java.nio.file.Files.isDirectory(dev.podnet.kernel.bpf.Bpffs.DEFAULT.resolve(dev.podnet.kernel.bpf.Cgroup.OWNER_PREFIX + config.name()))) {
      dev.podnet.agent.ebpf.SocketLbHooks.removeAll(dev.podnet.kernel.bpf.BpfPrograms.tool(), config.name());
    }
    Path etcd = config.stateDir().resolve("etcd");
    OrphanEtcd.orphan(etcd.resolve("etcd.pid"), etcd).ifPresent(OrphanEtcd::stop);
    Lab.deleteTree(config.stateDir());
  }
}

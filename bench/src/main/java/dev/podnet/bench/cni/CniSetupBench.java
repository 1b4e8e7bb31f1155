package dev.podnet.bench.cni;

import dev.podnet.agent.cni.CniServer;
import dev.podnet.bench.Report;
import dev.podnet.cni.CniCommand;
import dev.podnet.cni.CniHandler;
import dev.podnet.cni.CniRequest;
import dev.podnet.cni.CniResponse;
import dev.podnet.cni.NodeNetwork;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Uts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Pod network setup latency on one node netns: sandbox creation (netns + UTS) plus CNI ADD, and
 * CNI DEL plus sandbox removal, for podnet in the agent, podnet through its executable, and
 * Debian's reference bridge + host-local plugins, in the same run.
 */
public final class CniSetupBench {
  static final int PODS = 100;
  static final int WARMUP = 10;

  private final IpKernel kernel = new IpKernel();
  private final String prefix = "pb" + Long.toString(ProcessHandle.current().pid(), 36) + "-";
  private final Path dir;

  private CniSetupBench(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("podnet-cni-bench");
    CniSetupBench bench = new CniSetupBench(dir);
    try {
      bench.run().printAndWrite(Path.of(args.length > 0 ? args[0] : "bench/results"));
    } finally {
      bench.cleanUp();
    }
  }

  private Report run() throws Exception {
    Netns node = kernel.ensureNetns(prefix + "node");
    CniHandler handler = new CniHandler(kernel, node, new NodeNetwork("cni0", Cidr.parse("10.216.0.0/24"), 1500), dir.resolve("leases"));
    Report report = new Report("cni-setup", "Pod network setup latency: sandbox + CNI ADD, CNI DEL + sandbox removal ("
        + PODS + " pods, one node netns)", "implementation", "operation", "pods", "p50_ms", "p99_ms");
    String conf = "{\"cniVersion\":\"1.0.0\",\"name\":\"podnet\",\"type\":\"podnet-cni\",\"socket\":\"" + dir.resolve("cni.sock") + "\"}";
    Timings inAgent = measure("a", new Pods.InAgent(handler, conf));
    Timings reference = measure("r", new Pods.Reference(prefix + "node", dir.resolve("host-local"), "10.217.0.0/24"));
    Timings executable;
    try (CniServer server = new CniServer(dir.resolve("cni.sock"), handler).start()) {
      executable = measure("x", new Pods.Executable(Pods.launcher(), conf));
    }
    inAgent.addRows(report, "podnet (in agent)");
    executable.addRows(report, "podnet (podnet-cni executable -> socket -> agent)");
    reference.addRows(report, "reference (bridge + host-local, v1.1.1)");
    report.note("ratio_add_p50_podnet_in_agent_over_reference", inAgent.addP50() / reference.addP50());
    report.note("ratio_del_p50_podnet_in_agent_over_reference", inAgent.delP50() / reference.delP50());
    report.note("ratio_add_p50_podnet_executable_over_reference", executable.addP50() / reference.addP50());
    report.note("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
        + System.getProperty("os.version"));
    report.note("sandbox", "ip netns add + Uts.ensure (unshare --uts) per pod; removal = Uts.delete + ip netns del");
    return report;
  }

  /** Warm-up pods first (JIT, page cache), then {@link #PODS} measured ADDs, then their DELs. */
  private Timings measure(String tag, Pods pods) {
    cycle(tag + "w", pods, WARMUP);
    return cycle(tag, pods, PODS);
  }

  private Timings cycle(String tag, Pods pods, int n) {
    List<Double> add = new ArrayList<>();
    List<Double> del = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = prefix + tag + i;
      long t0 = System.nanoTime();
      Netns.Named ns = kernel.ensureNetns(name);
      Uts.ensure(name, "pod-" + i);
      expectOk(pods.add(name, ns.path().toString()), "ADD " + name);
      add.add((System.nanoTime() - t0) / 1e6);
    }
    for (int i = 0; i < n; i++) {
      String name = prefix + tag + i;
      long t0 = System.nanoTime();
      expectOk(pods.del(name, Netns.named(name).path().toString()), "DEL " + name);
      Uts.delete(name);
      kernel.deleteNetns(name);
      del.add((System.nanoTime() - t0) / 1e6);
    }
    return new Timings(add, del);
  }

  private static void expectOk(CniResponse r, String what) {
    if (!r.ok()) {
      throw new IllegalStateException(what + " failed (exit " + r.exitCode() + "): " + r.stdout());
    }
  }

  private void cleanUp() throws IOException {
    for (String name : kernel.netnsNames()) {
      if (name.startsWith(prefix)) {
        kernel.deleteNetns(name);
      }
    }
    for (String name : Uts.names()) {
      if (name.startsWith(prefix)) {
        Uts.delete(name);
      }
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  record Timings(List<Double> add, List<Double> del) {
    double addP50() {
      return Report.quantile(add, 0.5);
    }

    double delP50() {
      return Report.quantile(del, 0.5);
    }

    void addRows(Report r, String implementation) {
      r.row(implementation, "sandbox + ADD", add.size(), addP50(), Report.quantile(add, 0.99));
      r.row(implementation, "DEL + sandbox removal", del.size(), delP50(), Report.quantile(del, 0.99));
    }
  }

  static CniRequest request(CniCommand command, String id, String netns, String conf) {
    return new CniRequest(command, id, netns, "eth0", "IgnoreUnknown=1;K8S_POD_NAME=" + id, "/usr/lib/cni", conf);
  }
}

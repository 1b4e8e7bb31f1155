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
 * CNI DEL plus sandbox removal, for podnet in the agent, podnet through its executable (the C
 * client, and the JVM reference plugin it replaced), and Debian's reference bridge + host-local
 * plugins, in the same run.
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
    // Every CNI call here is a fork+exec of ip or a plugin; vfork skips JDK 17's jspawnhelper hop
    // (an agent should run with the same setting). It speeds both implementations alike.
    System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
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
    // a /23: three podnet paths hold their pods at once (3 x PODS addresses)
    CniHandler handler = new CniHandler(kernel, node, new NodeNetwork("cni0", Cidr.parse("10.216.0.0/23"), 1500), dir.resolve("leases"));
    Report report = new Report("cni-setup", "Pod network setup latency: sandbox + CNI ADD, CNI DEL + sandbox removal ("
        + PODS + " pods, one node netns)", "implementation", "operation", "pods", "p50_ms", "p99_ms",
        "cni_only_p50_ms", "cni_only_p99_ms");
    String conf = "{\"cniVersion\":\"1.0.0\",\"name\":\"podnet\",\"type\":\"podnet-cni\",\"socket\":\"" + dir.resolve("cni.sock") + "\"}";
    Pods inAgentPods = new Pods.InAgent(handler, conf);
    Pods referencePods = new Pods.Reference(prefix + "node", dir.resolve("host-local"), "10.217.0.0/24");
    List<Timings> t;
    try (CniServer server = new CniServer(dir.resolve("cni.sock"), handler).start()) {
      t = measure(List.of("a", "r", "x", "j"), List.of(inAgentPods, referencePods, new Pods.Executable(Pods.launcher("podnet-cni"), conf),
          new Pods.Executable(Pods.launcher("podnet-cni-java"), conf)));
    }
    Timings inAgent = t.get(0);
    Timings reference = t.get(1);
    Timings executable = t.get(2);
    Timings jvm = t.get(3);
    inAgent.addRows(report, "podnet (in agent)");
    executable.addRows(report, "podnet (podnet-cni, C client -> socket -> agent)");
    jvm.addRows(report, "podnet (podnet-cni-java, JVM plugin -> socket -> agent)");
    reference.addRows(report, "reference (bridge + host-local, v1.1.1)");
    report.note("ratio_add_p50_podnet_in_agent_over_reference", inAgent.addP50() / reference.addP50());
    report.note("ratio_del_p50_podnet_in_agent_over_reference", inAgent.delP50() / reference.delP50());
    report.note("ratio_add_p50_podnet_executable_over_reference", executable.addP50() / reference.addP50());
    report.note("ratio_add_cni_only_p50_podnet_executable_over_reference", executable.addCniP50() / reference.addCniP50());
    report.note("ratio_add_cni_only_p50_podnet_jvm_executable_over_c", jvm.addCniP50() / executable.addCniP50());
    report.note("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
        + System.getProperty("os.version"));
    report.note("process_launch", "jdk.lang.Process.launchMechanism=VFORK for all");
    report.note("sandbox", "ip netns add + Uts.ensure (unshare --uts) per pod; removal = Uts.delete + ip netns del");
    return report;
  }

  /**
   * Warm-up pods first (JIT, page cache), then {@link #PODS} measured ADDs, then their DELs. The
   * implementations take turns pod by pod, so load from anything else on the machine hits all alike.
   */
  private List<Timings> measure(List<String> tags, List<Pods> impls) {
    cycle(tags.stream().map(x -> x + "w").toList(), impls, WARMUP);
    return cycle(tags, impls, PODS);
  }

  private List<Timings> cycle(List<String> tags, List<Pods> impls, int n) {
    List<Timings> out = new ArrayList<>();
    impls.forEach(x -> out.add(new Timings(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>())));
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < impls.size(); k++) {
        add(prefix + tags.get(k) + i, "pod-" + i, impls.get(k), out.get(k));
      }
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < impls.size(); k++) {
        del(prefix + tags.get(k) + i, impls.get(k), out.get(k));
      }
    }
    return out;
  }

  private void add(String name, String hostname, Pods pods, Timings t) {
    long t0 = System.nanoTime();
    Netns.Named ns = kernel.ensureNetns(name);
    Uts.ensure(name, hostname);
    long t1 = System.nanoTime();
    expectOk(pods.add(name, ns.path().toString()), "ADD " + name);
    long t2 = System.nanoTime();
    t.add().add((t2 - t0) / 1e6);
    t.addCni().add((t2 - t1) / 1e6);
  }

  private void del(String name, Pods pods, Timings t) {
    long t0 = System.nanoTime();
    expectOk(pods.del(name, Netns.named(name).path().toString()), "DEL " + name);
    long t1 = System.nanoTime();
    Uts.delete(name);
    kernel.deleteNetns(name);
    t.del().add((System.nanoTime() - t0) / 1e6);
    t.delCni().add((t1 - t0) / 1e6);
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

  /** Whole operation (sandbox included) and the CNI call alone, per pod, in ms. */
  record Timings(List<Double> add, List<Double> addCni, List<Double> del, List<Double> delCni) {
    double addP50() {
      return Report.quantile(add, 0.5);
    }

    double addCniP50() {
      return Report.quantile(addCni, 0.5);
    }

    double delP50() {
      return Report.quantile(del, 0.5);
    }

    void addRows(Report r, String implementation) {
      r.row(implementation, "sandbox + ADD", add.size(), addP50(), Report.quantile(add, 0.99), Report.quantile(addCni, 0.5),
          Report.quantile(addCni, 0.99));
      r.row(implementation, "DEL + sandbox removal", del.size(), delP50(), Report.quantile(del, 0.99), Report.quantile(delCni, 0.5),
          Report.quantile(delCni, 0.99));
    }
  }

  static CniRequest request(CniCommand command, String id, String netns, String conf) {
    return new CniRequest(command, id, netns, "eth0", "IgnoreUnknown=1;K8S_POD_NAME=" + id, "/usr/lib/cni", conf);
  }
}

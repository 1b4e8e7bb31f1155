package dev.podnet.bench.proxy;

import dev.podnet.agent.ebpf.LbMaps;
import dev.podnet.agent.ebpf.SocketLb;
import dev.podnet.agent.ebpf.SocketLbHooks;
import dev.podnet.agent.ebpf.SocketLbNames;
import dev.podnet.agent.proxy.ProxyConfig;
import dev.podnet.agent.proxy.ProxyNames;
import dev.podnet.agent.proxy.ServiceProxy;
import dev.podnet.bench.Report;
import dev.podnet.bench.proxy.EbpfReport.Row;
import dev.podnet.bench.proxy.EbpfReport.Sync;
import dev.podnet.bench.proxy.ProxyReport.Latency;
import dev.podnet.kernel.Conntrack;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.Nft;
import dev.podnet.kernel.bpf.BpfPrograms;
import dev.podnet.lab.Lab;
import dev.podnet.lab.LabConfig;
import dev.podnet.lab.LabNode;
import dev.podnet.lab.Sandbox;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The eBPF socket LB beside the nftables proxy on one real lab node holding N Services × 2
 * endpoints in both datapaths at once: TCP connect latency from one client pod through the
 * ClusterIP with the socket LB (the probe placed in the node's cgroup), through nftables DNAT
 * (the same probe outside the cgroup) and straight to the endpoint pod, in alternating rounds;
 * the socket LB's full sync (cold and after a restart) and one endpoint change.
 */
public final class EbpfBench {
  static final int[] SIZES = java.util.Arrays.stream(System.getProperty("ebpf.sizes", "1,10000,30000").split(","))
      .mapToInt(Integer::parseInt).toArray();
  static final int CHANGES = 15;
  static final int CONNECTS = 1500;
  static final int ROUNDS = 15;

  private final Lab lab;
  private final LabNode node;
  private final Workload workload;
  private final Sandbox client;
  private final String owner;
  private final Nft nft = Nft.session();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private int translations;

  private EbpfBench(Lab lab, String owner) {
    this.lab = lab;
    this.owner = owner;
    this.node = lab.nodes().get(0);
    this.workload = new Workload(List.of(server("ep-a"), server("ep-b")).stream().map(Sandbox::ip).toList(), node.name());
    this.client = lab.createPod(node, "default", "client");
  }

  public static void main(String[] args) throws Exception {
    String id = Long.toString(ProcessHandle.current().pid(), 36);
    Path state = Files.createTempDirectory("podnet-ebpf-bench");
    Report r;
    try (Lab lab = Lab.create(LabConfig.defaults("bench").withNodes(1).withPrefix("pne" + id + "-", state), new IpKernel())) {
      r = new EbpfBench(lab, "pne" + id).run();
    } finally {
      Lab.deleteTree(state);
    }
    r.printAndWrite(Path.of(args.length > 0 ? args[0] : "bench/results"));
  }

  private Report run() throws java.io.IOException {
    String loadAtStart = Files.readString(Path.of("/proc/loadavg")).strip();
    List<Row> rows = new ArrayList<>();
    SocketLbHooks hooks = SocketLbHooks.ensure(BpfPrograms.tool(), owner, node.name());
    try {
      for (int n : SIZES) {
        hooks.remove();
        hooks = SocketLbHooks.ensure(BpfPrograms.tool(), owner, node.name());
        rows.add(size(n, hooks));
        System.err.println("ebpf bench: " + n + " Services done");
      }
    } finally {
      hooks.remove();
    }
    Report r = EbpfReport.build(rows);
    r.note("method", "both datapaths hold the same N Services x 2 endpoints on one lab node; connect = " + CONNECTS + " blocking TCP"
        + " connects (2 ms apart) per path from a JVM in a pod to ClusterIP " + Workload.clusterIp(0) + ":80 (ebpf: the probe"
        + " process moved into the node's cgroup first; nftables: the same pod, not in the cgroup, DNAT in the node netns) or to"
        + " the endpoint pod's IP:8080 (direct), in " + ROUNDS + " rounds rotating the three; sync = SocketLb.syncNow() on the caller"
        + " thread after a warm-up sync of the same size on in-memory maps (JIT); events = the 2N onServiceAdded/onSliceAdded"
        + " calls before it, which render each Service into map entries as they arrive (the informer thread's work); cold: freshly loaded empty maps, with the sync thread's CPU time beside its wall time; restart: a second SocketLb over the first one's maps); endpoint change ="
        + " onSliceUpdated then syncNow(), median of " + CHANGES + " (no coalescing delay: the sync loop's 100 ms minSyncInterval is"
        + " not in the figure); \"of which bpf()\" = the part of that sync spent in bpf() calls (dump, batch update, deletes),"
        + " the rest is rendering the API objects in Java; \"waiting for a CPU\" = the sync thread's runqueue wait over the same"
        + " interval (/proc/thread-self/schedstat): wall time in which the thread was runnable but another process had the CPU;"
        + " batch update alone = both maps' entries (as the cold sync left"
        + " them) written again with BPF_MAP_UPDATE_BATCH, wall and thread CPU time; the machine's load average (below) was"
        + " shared with other engineers' builds and tests, so wall-clock figures are inflated and only the ratios within one run compare");
    r.note("socket_lb_translations_seen", translations + " reverse-map entries after the ebpf rounds of one size (at least one per"
        + " connect the socket LB translated; 0 would mean the ebpf column measured nftables)");
    r.note("load_average", "at start " + loadAtStart + ", at end " + Files.readString(Path.of("/proc/loadavg")).strip() + " (/proc/loadavg)");
    r.note("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
        + System.getProperty("os.version"));
    return r;
  }

  private Row size(int n, SocketLbHooks hooks) {
    try (SocketLb warm = new SocketLb(LbMaps.fake(), config())) {
      feed(warm, n);
      fullSync(warm);
    }
    SocketLb a = new SocketLb(hooks.openMaps(), config());
    long feed0 = THREADS.getCurrentThreadCpuTime();
    feed(a, n);
    double events = (THREADS.getCurrentThreadCpuTime() - feed0) / 1e6;
    // the runqueue reads inside the wall-clock bracket: a wait while reading counts in both, never in one alone
    long wall0 = System.nanoTime();
    long queued0 = runqueueWaitNanos();
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    fullSync(a);
    double coldCpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6;
    double coldQueued = (runqueueWaitNanos() - queued0) / 1e6;
    double cold = (System.nanoTime() - wall0) / 1e6;
    double coldKernel = a.lastKernelMicros() / 1e3;
    a.close();
    double[] batch = rewriteAll(hooks);
    SocketLb b = new SocketLb(hooks.openMaps(), config());
    feed(b, n);
    double restart = fullSync(b);
    long restartWrites = b.entriesWritten();
    List<Double> changes = new ArrayList<>();
    List<Double> changeKernel = new ArrayList<>();
    for (int k = 0; k < CHANGES; k++) {
      b.onSliceUpdated(workload.slice(0, k % 2 == 0 ? 1 : 2));
      long t0 = System.nanoTime();
      b.syncNow();
      changes.add((System.nanoTime() - t0) / 1e6);
      changeKernel.add(b.lastKernelMicros() / 1e3);
    }
    b.onSliceUpdated(workload.slice(0, 2));
    b.syncNow();
    nft.deleteTable(node.netns(), "ip", ProxyNames.TABLE);
    ServiceProxy proxy = new ServiceProxy(nft, Conntrack.tool(), node.netns(), config());
    workload.feed(proxy, n);
    proxy.markServicesSynced();
    proxy.markSlicesSynced();
    proxy.syncNow();
    Latency[] l = connectRotating(hooks);
    translations = Math.max(translations, translations(hooks));
    proxy.close();
    b.close();
    return new Row(n, new Sync(events, cold, coldCpu, coldQueued, coldKernel, batch[0], batch[1], batch[2], restart, restartWrites, Report.quantile(changes, 0.5), Report.quantile(changeKernel, 0.5)),
        l[0], l[1], l[2]);
  }

  /**
   * Both maps' entries written again in batches, timed alone: what the kernel side of a cold full
   * sync costs without the rendering, {wall ms, thread CPU ms, runqueue wait ms}.
   */
  private static double[] rewriteAll(SocketLbHooks hooks) {
    try (LbMaps maps = hooks.openMaps()) {
      var services = maps.services().entries();
      var backends = maps.backends().entries();
      long t0 = System.nanoTime();
      long queued0 = runqueueWaitNanos();
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      maps.backends().updateAll(backends);
      maps.services().updateAll(services);
      double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6;
      double queued = (runqueueWaitNanos() - queued0) / 1e6;
      return new double[] {(System.nanoTime() - t0) / 1e6, cpu, queued};
    }
  }

  /**
   * How long this thread has waited, runnable, for a CPU ({@code /proc/thread-self/schedstat},
   * second field): the part of a wall-clock figure that is the machine's load, not the code. On
   * this 2-core machine shared with other engineers' builds it is most of a sync's wall time
   * (bpf() batch updates call cond_resched() per element, so a loaded machine runs others there).
   */
  static long runqueueWaitNanos() {
    try {
      return Long.parseLong(Files.readString(Path.of("/proc/thread-self/schedstat")).strip().split(" ")[1]);
    } catch (java.io.IOException | RuntimeException e) {
      return 0; // no schedstats in this kernel: the figure reads 0
    }
  }

  /** Entries in the socket LB's reverse map: proof that the ebpf probes were translated by it, not by nftables. */
  private static int translations(SocketLbHooks hooks) {
    String pin = hooks.mapsDir().resolve(SocketLbNames.REVERSE).toString();
    String dump = Exec.run(List.of("bpftool", "-j", "map", "dump", "pinned", pin), null).stdout();
    return dump.split("\"key\"", -1).length - 1;
  }

  private ProxyConfig config() {
    return ProxyConfig.of(node.name(), List.of(node.info().lanAddress())).withSyncPeriod(Duration.ofHours(1));
  }

  private void feed(SocketLb lb, int n) {
    for (int i = 0; i < n; i++) {
      lb.onServiceAdded(Workload.service(i));
      lb.onSliceAdded(workload.slice(i, 2));
    }
  }

  private static double fullSync(SocketLb lb) {
    long t0 = System.nanoTime();
    lb.markServicesSynced();
    lb.markSlicesSynced();
    lb.syncNow();
    return (System.nanoTime() - t0) / 1e6;
  }

  /** {ebpf, nftables, direct}, the three in rotating order each round so they share the machine's moods. */
  private Latency[] connectRotating(SocketLbHooks hooks) {
    List<List<Double>> us = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    String cgroupProcs = hooks.cgroup().dir().resolve("cgroup.procs").toString();
    String endpoint = workload.endpoints().get(0).getHostAddress();
    for (int r = 0; r < ROUNDS; r++) {
      for (int k = 0; k < 3; k++) {
        int path = (r + k) % 3;
        List<String> probe = switch (path) {
          case 0 -> inCgroup(cgroupProcs, probe(Workload.clusterIp(0), Workload.PORT));
          case 1 -> probe(Workload.clusterIp(0), Workload.PORT);
          default -> probe(endpoint, Workload.TARGET_PORT);
        };
        us.get(path).addAll(samples(probe));
      }
    }
    return us.stream().map(l -> new Latency(Report.quantile(l, 0.5), Report.quantile(l, 0.99))).toArray(Latency[]::new);
  }

  private static List<String> probe(String ip, int port) {
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar = Path.of(ConnectProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
    return List.of(java, "-cp", jar, ConnectProbe.class.getName(), ip, "" + port, "" + CONNECTS / ROUNDS);
  }

  /** What the lab runtime does for a pod process on an ebpf node: into the node's cgroup, then exec. */
  private static List<String> inCgroup(String cgroupProcs, List<String> argv) {
    List<String> out = new ArrayList<>(List.of("sh", "-c", "echo $$ > " + cgroupProcs + " && exec \"$@\"", "sh"));
    out.addAll(argv);
    return out;
  }

  private List<Double> samples(List<String> argv) {
    Exec.Result res = client.run(argv, null);
    if (!res.ok()) {
      throw new IllegalStateException("connect probe " + argv + " from " + client.name() + " failed: " + res.stderr());
    }
    return res.stdout().lines().map(l -> Long.parseLong(l) / 1e3).toList();
  }

  private Sandbox server(String name) {
    Sandbox s = lab.createPod(node, "default", name);
    s.start(List.of("socat", "TCP-LISTEN:" + Workload.TARGET_PORT + ",reuseaddr,fork,backlog=1024", "/dev/null"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (s.run("ss", "-Hlnt", "sport = :" + Workload.TARGET_PORT).stdout().isBlank()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("socat did not listen in " + s.name());
      }
      LockSupport.parkNanos(50_000_000);
    }
    return s;
  }
}

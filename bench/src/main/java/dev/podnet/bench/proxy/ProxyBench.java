package dev.podnet.bench.proxy;

import dev.podnet.agent.proxy.ProxyConfig;
import dev.podnet.agent.proxy.ProxyNames;
import dev.podnet.agent.proxy.ServiceProxy;
import dev.podnet.bench.Report;
import dev.podnet.bench.proxy.ProxyReport.Latency;
import dev.podnet.bench.proxy.ProxyReport.Row;
import dev.podnet.kernel.Conntrack;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.Nft;
import dev.podnet.lab.Lab;
import dev.podnet.lab.LabConfig;
import dev.podnet.lab.LabNode;
import dev.podnet.lab.Sandbox;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The service proxy at 1 to 30k Services × 2 endpoints on one real lab node: full sync (cold and
 * after a restart), one added Service, one endpoint change, the proxy's heap, and TCP connect
 * latency through a ClusterIP from a pod, side by side with kube-proxy's published figures.
 */
public final class ProxyBench {
  /** {@code -Dproxy.sizes=1,1000} for a quick run. */
  static final int[] SIZES = java.util.Arrays.stream(System.getProperty("proxy.sizes", "1,1000,10000,30000").split(","))
      .mapToInt(Integer::parseInt).toArray();
  static final int CHANGES = 7;
  static final int CONNECTS = 2000;
  /** Connect samples are taken in this many alternating rounds on the measured node and the 1-Service node. */
  static final int ROUNDS = 20;

  private final Lab lab;
  private final LabNode node;
  private final Workload workload;
  private final Sandbox client;
  /** A second node that always holds 1 Service: latency is compared against it in the same time window. */
  private final LabNode baseNode;
  private final Sandbox baseClient;
  private final Workload baseWorkload;
  private final Nft nft = Nft.session();

  private ProxyBench(Lab lab) {
    this.lab = lab;
    this.node = lab.nodes().get(0);
    List<Sandbox> servers = List.of(server(node, "ep-a"), server(node, "ep-b"));
    this.workload = new Workload(servers.stream().map(Sandbox::ip).toList(), node.name());
    this.client = lab.createPod(node, "default", "client");
    this.baseNode = lab.nodes().get(1);
    List<Sandbox> baseServers = List.of(server(baseNode, "base-ep-a"), server(baseNode, "base-ep-b"));
    this.baseWorkload = new Workload(baseServers.stream().map(Sandbox::ip).toList(), baseNode.name());
    this.baseClient = lab.createPod(baseNode, "default", "base-client");
  }

  public static void main(String[] args) throws Exception {
    String prefix = "pb" + Long.toString(ProcessHandle.current().pid(), 36) + "-";
    Path state = Files.createTempDirectory("podnet-proxy-bench");
    Report r;
    try (Lab lab = Lab.create(LabConfig.defaults("bench").withNodes(2).withPrefix(prefix, state), new IpKernel())) {
      r = new ProxyBench(lab).run();
    } finally {
      Lab.deleteTree(state);
    }
    r.printAndWrite(Path.of(args.length > 0 ? args[0] : "bench/results"));
  }

  private Report run() {
    List<Row> rows = new ArrayList<>();
    ServiceProxy base = proxy(baseNode);
    try {
      baseWorkload.feed(base, 1);
      fullSync(base);
      for (int n : SIZES) {
        rows.add(size(n));
        System.err.println("proxy bench: " + n + " Services done");
      }
    } finally {
      base.close();
    }
    Latency direct = connect(client, workload.endpoints().get(0).getHostAddress(), Workload.TARGET_PORT, CONNECTS);
    Report r = ProxyReport.build(rows, direct);
    r.note("method", "full sync = syncNow() on the caller thread after both informers are marked synced (cold: no table; restart: a"
        + " second proxy over the first one's table); add/change = event call until transactions() counts the applied one,"
        + " median of " + CHANGES + ", sync loop running (minSyncInterval 100 ms, waited out before each event, syncPeriod 1 h);"
        + " heap = used heap after System.gc() with the proxy holding all Services and slices (its tracker is its informer"
        + " cache), minus the heap before; connect = " + CONNECTS + " blocking TCP connects (2 ms apart) from a JVM in a pod to"
        + " ClusterIP " + Workload.clusterIp(0) + ":80, endpoints socat pods on the same node, in " + ROUNDS + " rounds alternating with"
        + " the same from a pod on a second node whose proxy holds 1 Service (the same-window baseline the target compares with)");
    r.note("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
        + System.getProperty("os.version") + ", " + Exec.run(List.of("nft", "--version"), null).stdout().strip());
    return r;
  }

  private Row size(int n) {
    nft.deleteTable(node.netns(), "ip", ProxyNames.TABLE);
    double before = heapMiB();
    ServiceProxy a = proxy(node);
    workload.feed(a, n);
    double cold = fullSync(a);
    double heap = heapMiB() - before;
    a.close();
    ServiceProxy b = proxy(node);
    workload.feed(b, n);
    double restart = fullSync(b);
    int restartTx = b.transactions();
    b.start();
    List<Double> adds = new ArrayList<>();
    List<Double> changes = new ArrayList<>();
    for (int k = 0; k < CHANGES; k++) {
      int added = n + k;
      adds.add(timed(b, () -> {
        b.onServiceAdded(Workload.service(added));
        b.onSliceAdded(workload.slice(added, 2));
      }));
      int endpoints = k % 2 == 0 ? 1 : 2;
      changes.add(timed(b, () -> b.onSliceUpdated(workload.slice(0, endpoints))));
    }
    b.onSliceUpdated(workload.slice(0, 2));
    await(b, b.transactions() + 1);
    Latency[] latency = connectSideBySide();
    b.close();
    return new Row(n, cold, restart, restartTx, Report.quantile(adds, 0.5), Report.quantile(changes, 0.5), heap, latency[0], latency[1]);
  }

  private ServiceProxy proxy(LabNode on) {
    ProxyConfig c = ProxyConfig.of(on.name(), List.of(on.info().lanAddress())).withSyncPeriod(Duration.ofHours(1));
    return new ServiceProxy(nft, Conntrack.tool(), on.netns(), c);
  }

  private static double fullSync(ServiceProxy p) {
    long t0 = System.nanoTime();
    p.markServicesSynced();
    p.markSlicesSynced();
    p.syncNow();
    return (System.nanoTime() - t0) / 1e6;
  }

  /** Milliseconds from the event calls until the transaction they cause is applied. */
  private static double timed(ServiceProxy p, Runnable events) {
    LockSupport.parkNanos(Duration.ofMillis(150).toNanos());
    int was = p.transactions();
    long t0 = System.nanoTime();
    events.run();
    await(p, was + 1);
    return (System.nanoTime() - t0) / 1e6;
  }

  private static void await(ServiceProxy p, int transactions) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (p.transactions() < transactions) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("proxy applied no transaction within 60 s");
      }
      LockSupport.parkNanos(20_000);
    }
  }

  /**
   * ClusterIP connects on the measured node and on the 1-Service node, in alternating rounds, so
   * both see the same machine: {measured, baseline}.
   */
  private Latency[] connectSideBySide() {
    List<Double> measured = new ArrayList<>();
    List<Double> baseline = new ArrayList<>();
    for (int r = 0; r < ROUNDS; r++) {
      boolean measuredFirst = r % 2 == 0;
      for (int k = 0; k < 2; k++) {
        boolean m = (k == 0) == measuredFirst;
        (m ? measured : baseline).addAll(samples(m ? client : baseClient, Workload.clusterIp(0), Workload.PORT, CONNECTS / ROUNDS));
      }
    }
    return new Latency[] {latency(measured), latency(baseline)};
  }

  private Latency connect(Sandbox from, String ip, int port, int count) {
    return latency(samples(from, ip, port, count));
  }

  private static Latency latency(List<Double> us) {
    return new Latency(Report.quantile(us, 0.5), Report.quantile(us, 0.99));
  }

  private static List<Double> samples(Sandbox from, String ip, int port, int count) {
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar = Path.of(ConnectProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
    Exec.Result res = from.run(List.of(java, "-cp", jar, ConnectProbe.class.getName(), ip, "" + port, "" + count), null);
    if (!res.ok()) {
      throw new IllegalStateException("connect probe to " + ip + ":" + port + " from " + from.name() + " failed: " + res.stderr());
    }
    return res.stdout().lines().map(l -> Long.parseLong(l) / 1e3).toList();
  }

  private Sandbox server(LabNode on, String name) {
    Sandbox s = lab.createPod(on, "default", name);
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

  private static double heapMiB() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }

}

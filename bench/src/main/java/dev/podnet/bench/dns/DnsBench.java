package dev.podnet.bench.dns;

import dev.podnet.bench.LabCluster;
import dev.podnet.bench.Report;
import dev.podnet.cli.Cluster;
import dev.podnet.cli.HttpApi;
import dev.podnet.kernel.Exec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cluster DNS under dnsperf at 10k Services, beside a C authoritative server (Knot DNS) serving
 * the same names, both measured from a pod's network namespace on a 1-node lab cluster. For each
 * server: the peak (dnsperf with 500 queries outstanding), QPS per CPU-second the server process
 * consumed, p50/p99 latency at half the peak, RSS. CoreDNS's published figures are printed beside
 * them as the anchor (coredns/deployment kubernetes/Scaling_CoreDNS.md).
 */
public final class DnsBench {
  private static final Path CHECKOUT = Path.of("").toAbsolutePath();
  private static final String CLUSTER = "benchdns";
  private static final double COREDNS_QPS_PER_VCPU = 33669 / 2.0;
  private final Path base;
  private final LabCluster lab;
  private final Workload workload;
  private final int services;

  private DnsBench(Path base, int services) {
    this.base = base;
    this.lab = new LabCluster(CHECKOUT, base, CLUSTER);
    this.services = services;
    this.workload = new Workload(services);
  }

  public static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    // figures from a busy machine are not comparable with a quiet one's: say which this was
    String load = Files.readString(Path.of("/proc/loadavg")).strip();
    Path base = Files.createTempDirectory("podnet-bench-dns-");
    DnsBench b = new DnsBench(base, services);
    Report r = new Report("dns", "cluster DNS at " + services + " Services: dnsperf from a pod, one server instance each",
        "server", "peak_qps", "server_cpu_s", "qps_per_cpu_s", "half_load_qps", "p50_ms", "p99_ms", "server_p99_ms", "rss_MiB");
    try {
      b.prepare();
      b.measure(r, "podnet-dns", "dns-0", List.of("java", "DnsMain"), seconds);
      b.measure(r, "knot (C, authoritative)", "knot", List.of("knotd", "knotd"), seconds);
    } finally {
      b.lab.run("down");
      Exec.run(List.of("rm", "-rf", base.toString()), null);
    }
    double coreDnsMiB = services * 0.000858 + 49.1;
    r.note("coredns_anchor", String.format("%.0f QPS per vCPU (33,669 QPS, 2 vCPUs pegged); memory %.1f MB at %d Services",
        COREDNS_QPS_PER_VCPU, coreDnsMiB, services));
    r.note("mix", "30% search-path hits (NXDOMAIN first), 25% FQDN A, 10% AAAA (NODATA), 15% SRV, 20% misses");
    r.note("machine", Runtime.getRuntime().availableProcessors() + " cores shared with dnsperf and the lab");
    r.note("load_average_at_start", load + " (/proc/loadavg)");
    r.printAndWrite(CHECKOUT.resolve("bench/results"));
  }

  private void prepare() throws Exception {
    lab.ok("up", "--nodes", "1");
    HttpApi api = new HttpApi(Cluster.named(CLUSTER, Map.of(Cluster.STATE_DIR_ENV, base.toString())));
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    api.post("/api/v1/namespaces", json.readTree("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"bench\"}}"));
    long t0 = System.nanoTime();
    // four writers: the API and etcd take them in parallel, and 10k one by one costs minutes
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (int i = 0; i < services; i++) {
      int n = i;
      done.add(pool.submit(() -> api.post("/api/v1/namespaces/bench/services", json.readTree(workload.serviceJson(n)))));
    }
    for (var f : done) {
      f.get();
    }
    pool.shutdown();
    System.err.printf("  %d Services created in %.0f s%n", services, (System.nanoTime() - t0) / 1e9);
    Files.writeString(base.resolve("queries.txt"), workload.queries(200_000));
    Files.writeString(base.resolve("cluster.local.zone"), workload.zoneFile());
    Files.writeString(base.resolve("knot.conf"), "server:\n  listen: 0.0.0.0@53\n  rundir: " + base + "/knot-run\n  background-workers: 1\n"
        + "  udp-workers: 1\n  tcp-workers: 1\ndatabase:\n  storage: " + base + "/knot-db\nzone:\n  - domain: cluster.local\n"
        + "    file: " + base + "/cluster.local.zone\n    zonefile-load: whole\n    journal-content: none\n");
    Files.createDirectories(base.resolve("knot-run"));
    Files.createDirectories(base.resolve("knot-db"));
    String pods = pod("perf", "[\"sleep\", \"infinity\"]", "") + "---\n"
        + pod("knot", "[\"knotd\", \"-c\", \"" + base + "/knot.conf\"]", "") + "---\n"
        // one podnet-dns instance to measure, as the kube-dns replicas run it (the image's launcher, in-cluster config)
        + "apiVersion: v1\nkind: Pod\nmetadata:\n  name: dns-0\n  namespace: kube-system\nspec:\n  dnsPolicy: Default\n"
        + "  containers:\n  - name: dns\n    image: podnet/dns\n";
    Exec.Result a = Exec.run(lab.argv("apply", "-f", "-"), pods, Duration.ofMinutes(2));
    if (!a.ok()) {
      throw new IllegalStateException("apply bench pods: " + a.stderr());
    }
    awaitAnswer("dns-0", "kube-system", "svc-" + (services - 1) + ".bench.svc.cluster.local");
    awaitAnswer("knot", "default", "svc-" + (services - 1) + ".bench.svc.cluster.local");
  }

  private static String pod(String name, String command, String extra) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\nspec:\n  terminationGracePeriodSeconds: 1\n" + extra
        + "  containers:\n  - name: c\n    image: debian:12\n    command: " + command + "\n";
  }

  /** Until the server in {@code pod} answers the last Service (its informers have it all). */
  private void awaitAnswer(String pod, String ns, String name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      String ip = podIp(pod, ns);
      if (!ip.isEmpty()) {
        Exec.Result r = lab.run("exec", "perf", "--", "dig", "+short", "+tries=1", "+time=1", "@" + ip, name);
        if (r.ok() && r.stdout().strip().equals(Workload.clusterIp(services - 1))) {
          return;
        }
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException(pod + " did not answer " + name + " within 5 minutes");
  }

  private String podIp(String pod, String ns) {
    Exec.Result r = lab.run("get", "pod", pod, "-n", ns, "-o", "json");
    try {
      return r.ok() ? new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.stdout()).path("status").path("podIP").asText() : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** {@code process}: the server's comm and a word of its command line. */
  private void measure(Report r, String label, String pod, List<String> process, int seconds) throws Exception {
    String ns = pod.equals("dns-0") ? "kube-system" : "default";
    String ip = podIp(pod, ns);
    String netns = lab.run("exec", pod, "-n", ns, "--", "readlink", "/proc/self/ns/net").stdout().strip();
    ServerProcess server = ServerProcess.find(netns, process.get(0), process.get(1));
    String data = base.resolve("queries.txt").toString();
    perf(DnsPerf.peak(ip, data, 5)); // warm-up: JIT, caches
    double cpu0 = server.cpuSeconds();
    DnsPerf.Run peak = DnsPerf.parse(perf(DnsPerf.peak(ip, data, seconds)));
    double cpu = server.cpuSeconds() - cpu0;
    int half = (int) (peak.qps() / 2);
    Path verbose = base.resolve(pod + "-paced.txt");
    Optional<ServerHistogram> before = ServerHistogram.scrape(this::perf, ip, pod);
    perf(DnsPerf.paced(ip, data, seconds, half, verbose));
    Optional<ServerHistogram> after = ServerHistogram.scrape(this::perf, ip, pod);
    DnsPerf.Run paced = DnsPerf.parse(Files.readString(verbose));
    // the server's own time from datagram read to reply written: what the client sees beyond it is queueing
    Object serverP99 = before.isPresent() && after.isPresent() ? after.get().minus(before.get()).percentileMs(99) : "n/a";
    r.row(label, peak.qps(), cpu, peak.completed() / cpu, paced.qps(), paced.percentileMs(50), paced.percentileMs(99), serverP99,
        server.rssMiB());
  }

  private String perf(List<String> dnsperf) {
    List<String> a = new ArrayList<>(List.of("exec", "perf", "--"));
    a.addAll(dnsperf);
    Exec.Result res = lab.run(a.toArray(String[]::new));
    if (!res.ok()) {
      throw new IllegalStateException(String.join(" ", dnsperf) + " failed: " + res.stderr());
    }
    return res.stdout();
  }



}

package dev.podnet.bench.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.bench.LabCluster;
import dev.podnet.bench.Report;
import dev.podnet.kernel.Exec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * podnet's Ingress controller beside nginx 1.22 configured as ingress-nginx renders the same rule
 * (forwarding headers, upstream keepalive, access log on), in one run on a 1-node lab cluster:
 * wrk in the outside namespace (a machine on the node LAN) to each proxy's LoadBalancer IP
 * (externalTrafficPolicy Local, as ingress-nginx's cloud manifests), 2 nginx backends behind
 * all, peaks at 8 and 64 connections rotating which proxy goes first, then paced runs at 50% and
 * 80% of nginx's peak for tail latency. With {@code PODNET_INGRESS_BEFORE=DIR} (a copy of an
 * earlier build's ingress/target: launcher, jar, lib) that build runs as a second controller
 * behind its own LoadBalancer Service in the same run, so a change is measured against what it
 * replaced under the same load. Each JVM's GC pauses come from a JFR recording of GC events through the measured rounds, its
 * hot methods from a profiling recording in an extra round that is not measured (the sampler suspends threads).
 */
public final class IngressBench {
  private static final Path CHECKOUT = Path.of("").toAbsolutePath();
  private static final String CLUSTER = "pni7";
  private static final int ROUNDS = 3;
  private static final String HOST = "foo.bar.com";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path base;
  private final LabCluster lab;
  private final int seconds;
  private final Report report = new Report("ingress", "Ingress proxies: wrk from outside through LoadBalancer IPs, 2 nginx backends, access log and "
      + "forwarding headers on", "proxy", "load", "connections", "req_s", "p50_ms", "p99_ms", "max_ms", "errors", "proxy_cpu_s", "req_per_cpu_s");

  private IngressBench(Path base, int seconds) {
    this.base = base;
    this.lab = new LabCluster(CHECKOUT, base, CLUSTER);
    this.seconds = seconds;
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    IngressBench b = new IngressBench(Files.createTempDirectory("podnet-bench-ingress-"), seconds);
    try {
      b.run(Optional.ofNullable(System.getenv("PODNET_INGRESS_BEFORE")).filter(d -> !d.isBlank()).map(Path::of));
    } finally {
      b.lab.run("down");
      Exec.run(List.of("rm", "-rf", b.base.toString()), null);
    }
    b.report.printAndWrite(CHECKOUT.resolve("bench/results"));
  }

  private void run(Optional<Path> before) throws Exception {
    List<Target> all = prepare(before);
    Target nginx = all.get(0);
    // GC recordings first: starting JFR loads and compiles its own code for seconds, which the first measured round of each JVM
    // paid for when they started after the warm-up (it ran 20-30% below the JVM's later rounds); pauses of the warm-up count too
    List<Gc> recordings = new ArrayList<>();
    for (Target t : all.subList(1, all.size())) {
      recordings.add(Gc.gcOnly(t.processes().pids().get(0), base.resolve(t.label().replaceAll("[^a-z]+", "-") + "-gc.jfr")));
    }
    for (Target t : all) {
      // warm-up: caches and upstream pools; a JVM's JIT also compiles the request path (a controller serves for days after its first minute)
      wrk(Wrk.peak(t.url(), HOST, 64, t == nginx ? 5 : 30));
    }
    double nginxPeak = 0;
    for (int connections : new int[] {8, 64}) {
      double peak = peakRounds(all, connections);
      nginxPeak = connections == 64 ? peak : nginxPeak;
    }
    for (double share : new double[] {0.5, 0.8}) {
      int rate = (int) (nginxPeak * share);
      for (Target t : all) {
        measurePaced(t, rate, (int) (share * 100));
      }
    }
    for (int i = 0; i < recordings.size(); i++) {
      String who = all.get(i + 1).label();
      Gc.Summary g = recordings.get(i).stop();
      report.note("max_gc_pause_ms " + who, g.longestPauseMs());
      report.note("gc " + who, g.collector());
    }
    for (Target t : all.subList(1, all.size())) {
      Gc profile = Gc.profile(t.processes().pids().get(0), base.resolve(t.label().replaceAll("[^a-z]+", "-") + "-profile.jfr"));
      wrk(Wrk.peak(t.url(), HOST, 64, seconds));
      report.note("hot methods " + t.label(), profile.stop().hotMethods());
    }
    report.note("profiler", "the measured rounds record GC events only; method sampling (JFR profile settings) ran in a round of its own "
        + "after them, at 64 connections, not measured - as nginx is never profiled while measured");
    report.note("path", "wrk in the outside namespace -> each proxy's LoadBalancer IP (MetalLB L2, eTP Local) -> the node's nftables -> the "
        + "proxy pod -> 2 nginx backend pods (return 200)");
    report.note("pacing", "Debian's wrk 4 has no -R: paced runs wait a fixed delay per request per connection (Lua delay()), the same "
        + "offered load for every proxy; the achieved rate falls short of the offer when the machine is busy");
    report.note("machine", Runtime.getRuntime().availableProcessors() + " cores shared by wrk, the proxies' backends and the lab; load average "
        + "at the end " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }

  /**
   * Three rounds at {@code connections}, rotating which proxy goes first (the machine's other
   * load drifts); each proxy's median round is reported. Returns nginx's median rate.
   */
  private double peakRounds(List<Target> all, int connections) throws Exception {
    List<List<Measured>> runs = new ArrayList<>();
    all.forEach(t -> runs.add(new ArrayList<>()));
    for (int round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < all.size(); k++) {
        int i = (k + round) % all.size();
        runs.get(i).add(peak(all.get(i), connections));
      }
    }
    Measured nginx = median(runs.get(0));
    for (int i = 0; i < all.size(); i++) {
      Measured m = median(runs.get(i));
      row(all.get(i), "peak (median of " + ROUNDS + ")", connections, m.run(), m.cpu());
      if (i > 0) {
        report.note("ratio_c" + connections + " " + all.get(i).label(), String.format("req/s %.2fx nginx, p99 %.2f vs %.2f ms",
            m.run().rate() / nginx.run().rate(), m.run().p99Ms(), nginx.run().p99Ms()));
      }
    }
    return nginx.run().rate();
  }

  private record Measured(Wrk.Run run, double cpu) {}

  private static Measured median(List<Measured> runs) {
    List<Measured> sorted = new ArrayList<>(runs);
    sorted.sort(java.util.Comparator.comparingDouble(m -> m.run().rate()));
    return sorted.get(sorted.size() / 2);
  }

  private Measured peak(Target t, int connections) throws Exception {
    double cpu0 = t.processes().cpuSeconds();
    Wrk.Run r = Wrk.parse(wrk(Wrk.peak(t.url(), HOST, connections, seconds)));
    System.err.printf("  %s c=%d: %.0f req/s p99 %.2f ms%n", t.label(), connections, r.rate(), r.p99Ms());
    return new Measured(r, t.processes().cpuSeconds() - cpu0);
  }

  private void measurePaced(Target t, int rate, int percent) throws Exception {
    int connections = Math.max(64, (int) Math.ceil(5.0 * rate / 1000)); // at least 5 ms of delay: wrk's delay() counts whole milliseconds
    long delayMs = Math.round(connections * 1000.0 / rate);
    Path script = base.resolve("delay-" + delayMs + ".lua");
    Files.writeString(script, "function delay() return " + delayMs + " end\n");
    double cpu0 = t.processes().cpuSeconds();
    Wrk.Run r = Wrk.parse(wrk(Wrk.paced(t.url(), HOST, connections, seconds, script.toString())));
    row(t, "paced, offered ~" + percent + "% of nginx peak", connections, r, t.processes().cpuSeconds() - cpu0);
  }

  private void row(Target t, String load, int connections, Wrk.Run r, double cpu) {
    report.row(t.label(), load, connections, r.rate(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.errors(), cpu, r.rate() * seconds / cpu);
  }

  private record Target(String label, String url, Processes processes) {}

  /** nginx first, then podnet-ingress, then (when given) the earlier build. */
  private List<Target> prepare(Optional<Path> before) throws Exception {
    ok("up", "--nodes", "1");
    kubectl("scale", "deployment", "controller", "-n", "podnet-ingress", "--replicas=1");
    StringBuilder y = new StringBuilder();
    for (int i = 0; i < 2; i++) {
      Path dir = Files.createDirectories(base.resolve("backend-" + i));
      Files.writeString(dir.resolve("nginx.conf"), NginxConf.backend(dir.toString(), 8080));
      y.append(pod("backend-" + i, "default", "[\"nginx\", \"-p\", \"" + dir + "\", \"-c\", \"" + dir + "/nginx.conf\"]", "echo")).append("---\n");
    }
    y.append("apiVersion: v1\nkind: Service\nmetadata: {name: echo}\nspec:\n  selector: {app: echo}\n  ports: [{port: 8080, targetPort: 8080}]\n---\n");
    y.append("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: echo}\nspec:\n  rules:\n  - host: ").append(HOST)
        .append("\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: echo, port: {number: 8080}}}}\n");
    lab.apply(y.toString());
    List<String> endpoints = List.of(awaitIp("backend-0", "default") + ":8080", awaitIp("backend-1", "default") + ":8080");
    Path ngx = Files.createDirectories(base.resolve("ingress-nginx"));
    Files.writeString(ngx.resolve("nginx.conf"), NginxConf.ingressNginx(ngx.toString(), Runtime.getRuntime().availableProcessors(), HOST, endpoints));
    lab.apply(pod("ingress-nginx", "default", "[\"nginx\", \"-p\", \"" + ngx + "\", \"-c\", \"" + ngx + "/nginx.conf\"]", "ingress-nginx") + "---\n"
        + lbService("ingress-nginx", "default", "ingress-nginx"));
    List<Target> targets = new ArrayList<>();
    targets.add(target("nginx 1.22 (ingress-nginx config)", "ingress-nginx", "default", "ingress-nginx", "nginx"));
    targets.add(target("podnet-ingress", "controller", "podnet-ingress", podName("podnet-ingress", "app.kubernetes.io/name=podnet-ingress"), "java"));
    if (before.isPresent()) {
      String launcher = before.get().resolve("podnet-ingress").toString();
      lab.apply(pod("before", "podnet-ingress", "[\"" + launcher + "\", \"--publish-service\", \"podnet-ingress/controller\"]", "before") + "---\n"
          + lbService("before", "podnet-ingress", "before"));
      targets.add(target("podnet-ingress before (" + before.get() + ")", "before", "podnet-ingress", "before", "java"));
    }
    return targets;
  }

  /** A proxy's Target once its LoadBalancer IP answers from outside through it. */
  private Target target(String label, String service, String ns, String pod, String comm) throws Exception {
    awaitIp(pod, ns);
    String url = "http://" + awaitLoadBalancerIp(service, ns) + "/";
    awaitOk(url);
    return new Target(label, url, Processes.inNetns(netns(pod, ns), comm));
  }

  private static String lbService(String name, String ns, String app) {
    return "apiVersion: v1\nkind: Service\nmetadata: {name: " + name + ", namespace: " + ns + "}\nspec:\n  type: LoadBalancer\n"
        + "  externalTrafficPolicy: Local\n  selector: {app: " + app + "}\n  ports: [{port: 80, targetPort: 80}]\n";
  }

  private static String pod(String name, String ns, String command, String app) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\n  labels: {app: " + app + "}\nspec:\n  terminationGracePeriodSeconds: 1\n"
        + "  containers:\n  - name: c\n    image: debian:12\n    command: " + command + "\n";
  }

  private String podName(String ns, String selector) throws Exception {
    long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < end) {
      for (JsonNode p : getJson("pods", "-n", ns, "-l", selector).path("items")) {
        if (p.path("metadata").path("deletionTimestamp").isMissingNode() && p.path("status").path("phase").asText().equals("Running")) {
          return p.path("metadata").path("name").asText();
        }
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("no running pod in " + ns);
  }

  private String awaitIp(String pod, String ns) throws Exception {
    long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < end) {
      Exec.Result r = lab.run("get", "pod", pod, "-n", ns, "-o", "json");
      if (r.ok()) {
        JsonNode p = JSON.readTree(r.stdout());
        if (p.path("status").path("phase").asText().equals("Running") && !p.path("status").path("podIP").asText().isEmpty()) {
          return p.path("status").path("podIP").asText();
        }
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("pod " + ns + "/" + pod + " not running with an IP within 3 minutes");
  }

  private String awaitLoadBalancerIp(String service, String ns) throws Exception {
    long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < end) {
      String ip = getJson("svc", service, "-n", ns).path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText("");
      if (!ip.isEmpty()) {
        return ip;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("service " + ns + "/" + service + " got no LoadBalancer IP within 3 minutes");
  }

  private void awaitOk(String url) throws Exception {
    long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < end) {
      Exec.Result r = lab.run("exec", "--outside", "--", "curl", "-s", "-m", "2", "-H", "Host: " + HOST, url);
      if (r.ok() && r.stdout().strip().equals("ok")) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(url + " did not proxy to a backend from outside within 3 minutes");
  }

  private String netns(String pod, String ns) {
    return lab.run("exec", pod, "-n", ns, "--", "readlink", "/proc/self/ns/net").stdout().strip();
  }

  private JsonNode getJson(String... args) throws Exception {
    List<String> a = new ArrayList<>(List.of("get"));
    a.addAll(List.of(args));
    a.addAll(List.of("-o", "json"));
    return JSON.readTree(ok(a.toArray(String[]::new)).stdout());
  }

  private String wrk(List<String> argv) {
    List<String> a = new ArrayList<>(List.of("exec", "--outside", "--"));
    a.addAll(argv);
    Exec.Result r = lab.run(a.toArray(String[]::new));
    if (!r.ok()) {
      throw new IllegalStateException(String.join(" ", argv) + " failed: " + r.stderr() + r.stdout());
    }
    return r.stdout();
  }


  private void kubectl(String... args) {
    List<String> a = new ArrayList<>(List.of("env", "KUBECONFIG=" + base.resolve("kubeconfig"), "kubectl"));
    a.addAll(List.of(args));
    Exec.Result r = Exec.run(a, null, Duration.ofMinutes(1));
    if (!r.ok()) {
      throw new IllegalStateException("kubectl " + String.join(" ", args) + ": " + r.stderr());
    }
  }



  private Exec.Result ok(String... args) {
    Exec.Result r = lab.run(args);
    if (!r.ok()) {
      throw new IllegalStateException("podnet " + String.join(" ", args) + " failed: " + r.stderr() + r.stdout());
    }
    return r;
  }
}

package dev.podnet.bench.lb;

import dev.podnet.bench.LabCluster;
import dev.podnet.bench.Report;
import dev.podnet.kernel.Exec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * LoadBalancer Services from the outside client, on a 3-node lab: the time from {@code apply} of a
 * LoadBalancer Service to the first successful outside request, and the failover gap when the
 * node announcing the IP fails under a 10 ms request loop, over trials: its LAN port goes down
 * (a pulled cable), or its agent process is killed (and held down). The IP is requested so that MetalLB's election puts it on node-3 while the
 * backends run on node-1 and node-2: the gap is the announcer's alone, no backend dies with it.
 */
public final class LoadBalancerBench {
  private static final Path CHECKOUT = Path.of("").toAbsolutePath();
  private static final String CLUSTER = "pnl7";
  private static final String AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";
  private static final int INTERVAL_MS = 10;
  private static final int TIMEOUT_MS = 100;
  private final Path base;
  private final LabCluster lab;
  private final LabNodes nodes;

  private LoadBalancerBench(Path base) {
    this.base = base;
    this.lab = new LabCluster(CHECKOUT, base, CLUSTER);
    this.nodes = new LabNodes(CLUSTER, base.resolve(CLUSTER));
  }

  public static void main(String[] args) throws Exception {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    String loadAtStart = Files.readString(Path.of("/proc/loadavg")).strip();
    Path base = Files.createTempDirectory("podnet-bench-lb-");
    LoadBalancerBench b = new LoadBalancerBench(base);
    Report r = new Report("lb", "LoadBalancer from the outside client (3-node lab, L2 announcement)", "scenario", "trials", "p50_ms", "max_ms",
        "failed_requests");
    try {
      b.lab.ok("up", "--nodes", "3");
      b.backends();
      try (OutsideClient client = new OutsideClient("pn-" + CLUSTER + "-outside", TIMEOUT_MS)) {
        b.applyToFirstSuccess(r, client, trials);
        String ip = b.failoverService(client);
        b.failover(r, client, trials, ip);
        b.agentKilled(r, client, trials, ip);
      }
    } finally {
      b.printAnnouncements();
      b.lab.run("down");
      Exec.run(List.of("rm", "-rf", base.toString()), null);
    }
    r.note("machine", Runtime.getRuntime().availableProcessors() + " cores");
    r.note("load_average", "at start " + loadAtStart + ", at end " + Files.readString(Path.of("/proc/loadavg")).strip() + " (/proc/loadavg)");
    r.note("client", "new TCP connection per request, " + TIMEOUT_MS + " ms timeouts, " + INTERVAL_MS + " ms between requests");
    r.note("failure", "cable: the announcing node's LAN port set down; gap = from the start of ip link set down to the end of the "
        + "first successful request started after that command returned. agent kill: SIGKILL to the announcing node's agent, its "
        + "restart held; gap = from the kill to the end of the first successful request that came in through another node");
    r.note("anchor", "MetalLB L2 (docs, concepts/layer2): failover when memberlist notices the node, typically several seconds; "
        + "10 s lease timeout in the older design; podnet's goal <= 2 s");
    r.printAndWrite(CHECKOUT.resolve("bench/results"));
  }

  /** The announcers' decisions from the node agents' logs, to read a trial's gap against. */
  private void printAnnouncements() {
    for (String node : List.of("node-1", "node-2", "node-3")) {
      Path log = base.resolve(CLUSTER).resolve("nodes").resolve(node).resolve("agent.log");
      try {
        Files.readAllLines(log).stream().filter(l -> l.contains("announced") || l.contains("peer=")).forEach(l -> System.err.println("  " + l));
      } catch (java.io.IOException e) {
        System.err.println("  (no agent log at " + log + ")");
      }
    }
  }

  private void backends() throws Exception {
    StringBuilder y = new StringBuilder();
    for (String node : List.of("node-1", "node-2")) {
      y.append("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-").append(node).append("\n  labels: {app: web}\nspec:\n  nodeName: ").append(node)
          .append("\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: c\n    image: ").append(AGNHOST)
          .append("\n    args: [\"netexec\", \"--http-port=8080\"]\n    readinessProbe:\n      httpGet: {path: /hostname, port: 8080}\n")
          .append("      periodSeconds: 1\n---\n");
    }
    lab.apply(y.toString());
    lab.ok("wait", "--for=condition=Ready", "pod", "-l", "app=web", "--timeout=120s");
  }

  /**
   * Each trial a new Service: apply, then the outside loop until one request succeeds; with
   * {@code podnet apply} (a JVM that starts for the command) and with the real kubectl, in turn.
   */
  private void applyToFirstSuccess(Report r, OutsideClient client, int trials) throws Exception {
    Map<String, List<Double>> ms = new LinkedHashMap<>(Map.of("podnet", new ArrayList<>(), "kubectl", new ArrayList<>()));
    Map<String, Long> failed = new LinkedHashMap<>(Map.of("podnet", 0L, "kubectl", 0L));
    List<Double> afterApply = new ArrayList<>();
    for (int i = 0; i < 2 * trials; i++) {
      String tool = i % 2 == 0 ? "podnet" : "kubectl";
      String ip = "172.18.255." + (210 + i);
      String yaml = service("first-" + i, ip);
      long t0 = System.nanoTime();
      if (tool.equals("podnet")) {
        lab.apply(yaml);
      } else {
        lab.kubectlApply(yaml);
      }
      long applied = System.nanoTime();
      List<OutsideClient.Try> tries = client.loop(ip, 80, INTERVAL_MS, t0 + Duration.ofSeconds(30).toNanos(),
          l -> !l.isEmpty() && l.get(l.size() - 1).ok());
      OutsideClient.Try last = tries.get(tries.size() - 1);
      if (!last.ok()) {
        throw new IllegalStateException("service first-" + i + " at " + ip + " never answered the outside client within 30 s");
      }
      ms.get(tool).add((last.end() - t0) / 1e6);
      afterApply.add((last.end() - applied) / 1e6);
      failed.merge(tool, (long) tries.size() - 1, Long::sum);
      System.err.printf("  apply-to-first-success %d (%s apply): %.0f ms (%.0f ms after apply returned)%n", i, tool, (last.end() - t0) / 1e6,
          afterApply.get(afterApply.size() - 1));
    }
    r.row("podnet apply (its JVM start included) -> first outside success", trials, Report.quantile(ms.get("podnet"), 0.5), max(ms.get("podnet")),
        failed.get("podnet"));
    r.row("kubectl apply -> first outside success", trials, Report.quantile(ms.get("kubectl"), 0.5), max(ms.get("kubectl")), failed.get("kubectl"));
    r.row("apply returned (object stored) -> first outside success", 2 * trials, Report.quantile(afterApply, 0.5), max(afterApply),
        failed.get("podnet") + failed.get("kubectl"));
  }

  /** A Service whose IP MetalLB's election gives to node-3, stable from outside. */
  private String failoverService(OutsideClient client) throws Exception {
    String ip = ipOwnedBy("node-3", List.of("node-1", "node-2", "node-3"));
    lab.apply(service("failover", ip));
    awaitStable(client, ip);
    return ip;
  }

  private void failover(Report r, OutsideClient client, int trials, String ip) throws Exception {
    List<Double> gaps = new ArrayList<>();
    long failed = 0;
    for (int i = 0; i < trials; i++) {
      nodes.awaitClientPointsAt(ip, "node-3", Duration.ofSeconds(15)); // the trial must start with node-3 carrying the traffic
      AtomicLong cut = new AtomicLong();
      AtomicLong cutDone = new AtomicLong();
      Thread cutter = new Thread(() -> {
        LabNodes.sleep(300);
        cut.set(System.nanoTime());
        nodes.lanPort("node-3", "down");
        cutDone.set(System.nanoTime()); // the port is surely down only once the command returned
      });
      cutter.start();
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      List<OutsideClient.Try> tries = client.loop(ip, 80, INTERVAL_MS, until,
          l -> cutDone.get() > 0 && !l.isEmpty() && l.get(l.size() - 1).ok() && l.get(l.size() - 1).start() > cutDone.get());
      cutter.join();
      OutsideClient.Try last = tries.get(tries.size() - 1);
      nodes.lanPort("node-3", "up");
      if (!last.ok()) {
        throw new IllegalStateException("trial " + i + ": " + ip + " did not answer within 30 s of node-3's failure");
      }
      gaps.add((last.end() - cut.get()) / 1e6);
      failed += tries.stream().filter(t -> !t.ok()).count();
      System.err.printf("  failover %d: gap %.0f ms%n", i, gaps.get(gaps.size() - 1));
      awaitStable(client, ip); // node-3 is back and takes the IP again before the next trial
      LabNodes.sleep(1500);
    }
    r.row("failover: announcing node fails -> outside requests succeed again", trials, Report.quantile(gaps, 0.5), max(gaps), failed);
  }

  /**
   * node-3's agent gets SIGKILL and is held down: its ARP socket closes with it, its peers miss
   * its liveness probes and one takes the IP over. Node-3's kernel keeps forwarding meanwhile, so
   * requests may never fail: the figure is the time from the kill to the first success that came
   * in through another node (the address the backend saw is not node-3's). Then the agent is
   * released, restarts and takes the IP back before the next trial.
   */
  private void agentKilled(Report r, OutsideClient client, int trials, String ip) throws Exception {
    String node3 = lab.ok("get", "node", "node-3", "-o", "json");
    com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(node3);
    String cidr = n.path("spec").path("podCIDR").asText();
    String node3Pods = cidr.substring(0, cidr.lastIndexOf('.') + 1);
    String node3Lan = n.path("status").path("addresses").path(0).path("address").asText();
    java.util.function.Predicate<OutsideClient.Try> viaOther = t -> t.ok() && !t.seen().startsWith(node3Pods) && !t.seen().equals(node3Lan);
    List<Double> gaps = new ArrayList<>();
    long failed = 0;
    for (int i = 0; i < trials; i++) {
      nodes.awaitClientPointsAt(ip, "node-3", Duration.ofSeconds(90)); // the restarted agent took it back
      AtomicLong killed = new AtomicLong();
      Thread killer = new Thread(() -> {
        LabNodes.sleep(300);
        killed.set(nodes.killAgentHeld("node-3"));
      });
      killer.start();
      List<OutsideClient.Try> tries;
      try {
        tries = client.loop(ip, 80, INTERVAL_MS, System.nanoTime() + Duration.ofSeconds(30).toNanos(),
            l -> killed.get() > 0 && !l.isEmpty() && l.get(l.size() - 1).start() > killed.get() && viaOther.test(l.get(l.size() - 1)));
        killer.join();
      } finally {
        nodes.release("node-3");
      }
      OutsideClient.Try last = tries.get(tries.size() - 1);
      if (!viaOther.test(last)) {
        throw new IllegalStateException("trial " + i + ": no request came in through another node within 30 s of node-3's agent's kill");
      }
      gaps.add((last.end() - killed.get()) / 1e6);
      failed += tries.stream().filter(t -> t.start() >= killed.get() && !t.ok()).count();
      System.err.printf("  agent kill %d: through another node after %.0f ms, %d failed%n", i, gaps.get(gaps.size() - 1),
          tries.stream().filter(t -> t.start() >= killed.get() && !t.ok()).count());
    }
    nodes.awaitClientPointsAt(ip, "node-3", Duration.ofSeconds(90));
    r.row("agent kill -9 on the announcing node -> requests succeed through another node", trials, Report.quantile(gaps, 0.5), max(gaps),
        failed);
  }

  /** Until 50 requests in a row succeed. */
  private static void awaitStable(OutsideClient client, String ip) throws InterruptedException {
    List<OutsideClient.Try> tries = client.loop(ip, 80, INTERVAL_MS, System.nanoTime() + Duration.ofSeconds(60).toNanos(),
        l -> l.size() >= 50 && l.subList(l.size() - 50, l.size()).stream().allMatch(OutsideClient.Try::ok));
    if (tries.size() < 50 || !tries.subList(tries.size() - 50, tries.size()).stream().allMatch(OutsideClient.Try::ok)) {
      throw new IllegalStateException(ip + " is not stable from the outside client");
    }
  }

  /** The first pool address whose MetalLB owner among {@code nodes} is {@code node}: the same sha256(node#ip) order the announcers use. */
  private static String ipOwnedBy(String node, List<String> nodes) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int last = 230; last <= 250; last++) {
      String ip = "172.18.255." + last;
      String owner = nodes.stream().min(Comparator.comparing((String n) -> new BigInteger(1, sha.digest((n + "#" + ip)
          .getBytes(StandardCharsets.UTF_8))))).orElseThrow();
      if (owner.equals(node)) {
        return ip;
      }
    }
    throw new IllegalStateException("no address in 172.18.255.230-250 elects " + node);
  }

  private static String service(String name, String ip) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n  annotations: {metallb.io/loadBalancerIPs: " + ip + "}\nspec:\n"
        + "  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n";
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }




}

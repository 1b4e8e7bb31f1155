package dev.podnet.bench.lb;

import dev.podnet.bench.LabCluster;
import dev.podnet.bench.Report;
import dev.podnet.kernel.Exec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * LoadBalancer IPs over BGP from the routed client behind the lab's edge router (BIRD), on a
 * 3-node lab: the time from {@code apply} of a bgp-pool Service to the first successful request,
 * and when a node fails (its LAN port goes down, a pulled cable) the time until the router's
 * kernel route no longer goes through it, the requests a 10 ms loop loses meanwhile (a third of
 * new flows hash to the dead node) and after, and the time until the node, back on the LAN, is a
 * next hop again. Backends run on node-1 and node-2; node-3 is the one that fails.
 */
public final class LoadBalancerBgpBench {
  private static final Path CHECKOUT = Path.of("").toAbsolutePath();
  private static final String CLUSTER = "pnb7";
  private static final String AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";
  private static final int INTERVAL_MS = 10;
  private static final int TIMEOUT_MS = 200;
  private final Path base;
  private final LabCluster lab;

  private LoadBalancerBgpBench(Path base) {
    this.base = base;
    this.lab = new LabCluster(CHECKOUT, base, CLUSTER);
  }

  public static void main(String[] args) throws Exception {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path base = Files.createTempDirectory("podnet-bench-lb-bgp-");
    LoadBalancerBgpBench b = new LoadBalancerBgpBench(base);
    Report r = new Report("lb-bgp", "LoadBalancer over BGP from the routed client (3-node lab, BIRD edge router, ECMP)", "scenario", "trials",
        "p50_ms", "max_ms", "failed_requests");
    try {
      b.lab.ok("up", "--nodes", "3");
      b.backends();
      try (OutsideClient client = new OutsideClient("pn-" + CLUSTER + "-outside-routed", TIMEOUT_MS)) {
        b.applyToFirstSuccess(r, client, trials);
        b.nodeFailure(r, client, Math.max(1, trials / 2 + 1));
      }
    } finally {
      b.lab.run("down");
      Exec.run(List.of("rm", "-rf", base.toString()), null);
    }
    r.note("machine", Runtime.getRuntime().availableProcessors() + " cores, load average " + Files.readString(Path.of("/proc/loadavg")).strip());
    r.note("client", "podnet exec --outside-routed's namespace, new TCP connection per request, " + TIMEOUT_MS + " ms timeouts, " + INTERVAL_MS
        + " ms between requests");
    r.note("failure", "node-3's LAN port set down; withdrawn = node-3 gone from the edge's kernel route (BIRD's hold timer, 6 s in the lab); "
        + "failed_requests counts the loop's failures until then and for 2 s after");
    r.note("anchor", "MetalLB BGP mode: withdrawal by the hold time (90 s default) or BFD; the lab's BGPPeer asks 6 s");
    r.printAndWrite(CHECKOUT.resolve("bench/results"));
  }

  private void backends() {
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

  private void applyToFirstSuccess(Report r, OutsideClient client, int trials) throws Exception {
    List<Double> afterApply = new ArrayList<>();
    long failed = 0;
    for (int i = 0; i < trials; i++) {
      String ip = "10.250.0." + (10 + i);
      lab.apply(service("first-" + i, ip));
      long applied = System.nanoTime();
      List<OutsideClient.Try> tries = client.loop(ip, 80, INTERVAL_MS, applied + Duration.ofSeconds(30).toNanos(),
          l -> !l.isEmpty() && l.get(l.size() - 1).ok());
      OutsideClient.Try last = tries.get(tries.size() - 1);
      if (!last.ok()) {
        throw new IllegalStateException("service first-" + i + " at " + ip + " never answered the routed client within 30 s");
      }
      afterApply.add((last.end() - applied) / 1e6);
      failed += tries.size() - 1;
      System.err.printf("  apply-to-first-success %d: %.0f ms after apply returned%n", i, afterApply.get(afterApply.size() - 1));
    }
    r.row("apply returned (object stored) -> first routed success", trials, Report.quantile(afterApply, 0.5), max(afterApply), failed);
  }

  private void nodeFailure(Report r, OutsideClient client, int trials) throws Exception {
    String ip = "10.250.0.100";
    lab.apply(service("failure", ip));
    List<Double> withdrawn = new ArrayList<>();
    List<Double> back = new ArrayList<>();
    long failed = 0;
    for (int i = 0; i < trials; i++) {
      awaitRoute(ip, n -> n == 3, Duration.ofSeconds(60));
      long cut = System.nanoTime();
      lanPort("node-3", "down");
      long[] gone = {0};
      List<OutsideClient.Try> tries = client.loop(ip, 80, INTERVAL_MS, cut + Duration.ofSeconds(40).toNanos(), l -> {
        if (gone[0] == 0 && nextHops(ip) == 2) {
          gone[0] = System.nanoTime();
        }
        return gone[0] > 0 && System.nanoTime() - gone[0] > 2_000_000_000L;
      });
      if (gone[0] == 0) {
        lanPort("node-3", "up");
        throw new IllegalStateException("trial " + i + ": node-3's path to " + ip + " not withdrawn within 40 s");
      }
      withdrawn.add((gone[0] - cut) / 1e6);
      failed += tries.stream().filter(t -> !t.ok()).count();
      long up = System.nanoTime();
      lanPort("node-3", "up");
      awaitRoute(ip, n -> n == 3, Duration.ofSeconds(60));
      back.add((System.nanoTime() - up) / 1e6);
      System.err.printf("  failure %d: withdrawn after %.0f ms, %d failed requests, back after %.0f ms%n", i, withdrawn.get(i),
          tries.stream().filter(t -> !t.ok()).count(), back.get(i));
    }
    r.row("node-3 fails -> its path withdrawn at the edge", trials, Report.quantile(withdrawn, 0.5), max(withdrawn), failed);
    r.row("node-3 back on the LAN -> a next hop again", trials, Report.quantile(back, 0.5), max(back), 0);
  }

  /** How many next hops the edge's kernel route to {@code ip} has. */
  private static int nextHops(String ip) {
    String text = Exec.run(List.of("ip", "-n", "pn-" + CLUSTER + "-edge", "route", "show", ip), null).stdout();
    return text.isBlank() ? 0 : (int) text.lines().filter(l -> l.contains("via ")).count();
  }

  private static void awaitRoute(String ip, Predicate<Integer> hops, Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    while (!hops.test(nextHops(ip))) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("the edge's route to " + ip + " has " + nextHops(ip) + " next hops after " + timeout.toSeconds() + " s");
      }
      sleep(50);
    }
  }

  private static String service(String name, String ip) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n  annotations: {metallb.io/address-pool: bgp, metallb.io/loadBalancerIPs: "
        + ip + "}\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n";
  }

  private static void lanPort(String node, String state) {
    Exec.Result r = Exec.run(List.of("ip", "netns", "exec", "pn-" + CLUSTER + "-lan", "ip", "link", "set", "lan-" + node, state), null);
    if (!r.ok()) {
      throw new IllegalStateException("set lan-" + node + " " + state + " in pn-" + CLUSTER + "-lan: " + r.stderr());
    }
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }




}

package dev.podnet.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.bench.Report;
import dev.podnet.cli.Cluster;
import dev.podnet.cli.HttpApi;
import dev.podnet.kernel.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How long a user waits: {@code podnet up} until 3 nodes are Ready, and 10 nodes × 100 pods (the
 * pause container) from {@code apply} until all are Ready; with the peak memory (VmHWM) of podnetd
 * and of the largest node process ({@code podnet agent}: routing, proxy, CNI server, pod runtime).
 * Drives bin/podnet as a user does, and reads the API to watch progress.
 */
public final class ClusterBench {
  private static final Path CHECKOUT = Path.of("").toAbsolutePath();
  private final Path base;

  private ClusterBench(Path base) {
    this.base = base;
  }

  public static void main(String[] args) throws Exception {
    int nodes = 10;
    int perNode = 100;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--nodes")) {
        nodes = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--pods-per-node")) {
        perNode = Integer.parseInt(args[++i]);
      }
    }
    Path base = Files.createTempDirectory("podnet-bench-");
    ClusterBench b = new ClusterBench(base);
    Report r = new Report("cluster", "podnet up and pods to Ready (bin/podnet, real lab)", "scenario", "wall_s", "podnetd_peak_MiB", "agent_max_peak_MiB",
        "pods");
    try {
      b.upOnly(r);
      b.manyPods(r, nodes, perNode);
    } finally {
      b.podnet("bench", "down");
      deleteQuietly(base);
    }
    r.note("machine", Runtime.getRuntime().availableProcessors() + " cores");
    r.note("pod", "image podnet/pause (sleep infinity in the pod's namespaces, behind the container shim)");
    r.printAndWrite(CHECKOUT.resolve("bench/results"));
  }

  private void upOnly(Report r) throws Exception {
    long t0 = System.nanoTime();
    podnetOk("bench", "up", "--nodes", "3");
    double wall = seconds(t0);
    r.row("up: 3 nodes Ready", wall, peakMiB("bench"), agentPeakMiB("bench"), 0);
    podnetOk("bench", "down");
  }

  private void manyPods(Report r, int nodes, int perNode) throws Exception {
    long t0 = System.nanoTime();
    podnetOk("bench", "up", "--nodes", Integer.toString(nodes), "--timeout=300s");
    r.row("up: " + nodes + " nodes Ready", seconds(t0), peakMiB("bench"), agentPeakMiB("bench"), 0);
    int total = nodes * perNode;
    String deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pause\nspec:\n  replicas: " + total
        + "\n  selector:\n    matchLabels:\n      app: pause\n  template:\n    metadata:\n      labels:\n        app: pause\n"
        + "    spec:\n      terminationGracePeriodSeconds: 1\n      containers:\n      - name: pause\n        image: podnet/pause\n";
    long t1 = System.nanoTime();
    Exec.Result a = Exec.run(argv("bench", "apply", "-f", "-"), deploy, Duration.ofMinutes(2));
    if (!a.ok()) {
      throw new IllegalStateException("apply failed: " + a.stderr());
    }
    HttpApi api = new HttpApi(Cluster.named("bench", Map.of(Cluster.STATE_DIR_ENV, base.toString())));
    long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
    int ready = 0;
    while (ready < total && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      ready = ready(api.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dpause"));
      System.err.printf("  %d/%d pods Ready after %.0f s%n", ready, total, seconds(t1));
    }
    r.row(nodes + " nodes x " + perNode + " pods: apply to all Ready", seconds(t1), peakMiB("bench"), agentPeakMiB("bench"), ready);
    long t2 = System.nanoTime();
    podnetOk("bench", "down");
    r.row("down: " + total + " pods, " + nodes + " nodes removed", seconds(t2), 0.0, 0.0, 0);
  }

  private static int ready(JsonNode list) {
    int n = 0;
    for (JsonNode p : list.path("items")) {
      for (JsonNode c : p.path("status").path("conditions")) {
        if (c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True")) {
          n++;
        }
      }
    }
    return n;
  }

  private double peakMiB(String cluster) throws IOException {
    return hwmMiB(Files.readString(base.resolve(cluster).resolve("podnetd.pid")).strip());
  }

  /** The largest VmHWM among the node processes. */
  private double agentPeakMiB(String cluster) throws IOException {
    double max = 0;
    try (var dirs = Files.list(base.resolve(cluster).resolve("nodes"))) {
      for (Path d : dirs.toList()) {
        Path pid = d.resolve("agent.pid");
        if (Files.exists(pid)) {
          max = Math.max(max, hwmMiB(Files.readString(pid).strip()));
        }
      }
    }
    return max;
  }

  private static double hwmMiB(String p) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc", p, "status"))) {
      if (l.startsWith("VmHWM:")) {
        return Long.parseLong(l.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  private List<String> argv(String cluster, String... args) {
    List<String> a = new java.util.ArrayList<>(List.of("env", "PODNET_STATE_DIR=" + base, "KUBECONFIG=" + base.resolve("kubeconfig"), "PODNET_SKIP_BUILD=1",
        CHECKOUT.resolve("bin/podnet").toString(), "--name=" + cluster));
    a.addAll(List.of(args));
    return a;
  }

  private Exec.Result podnet(String cluster, String... args) {
    return Exec.run(argv(cluster, args), null, Duration.ofMinutes(10));
  }

  private void podnetOk(String cluster, String... args) {
    Exec.Result r = podnet(cluster, args);
    if (!r.ok()) {
      throw new IllegalStateException("podnet " + String.join(" ", args) + " failed: " + r.stderr() + r.stdout());
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void deleteQuietly(Path dir) {
    Exec.run(List.of("rm", "-rf", dir.toString()), null);
  }
}

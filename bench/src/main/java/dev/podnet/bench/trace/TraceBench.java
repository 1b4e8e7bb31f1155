package dev.podnet.bench.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.bench.LabCluster;
import dev.podnet.bench.Report;
import dev.podnet.kernel.Exec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long {@code podnet trace} takes, as a user runs it (the CLI's JVM start included), on a
 * 3-node vxlan lab: pod to pod across nodes, pod to ClusterIP, pod to a Service without
 * endpoints, each idle and with a request loop from another pod on node-1 to the same Service.
 * The anchor is the same CLI running one plain command in the pod ({@code podnet exec a -- true}).
 */
public final class TraceBench {
  private static final Path CHECKOUT = Path.of("").toAbsolutePath();
  private static final String CLUSTER = "pnt8";
  private static final String AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path base;
  private final LabCluster lab;

  private TraceBench(Path base) {
    this.base = base;
    this.lab = new LabCluster(CHECKOUT, base, CLUSTER);
  }

  public static void main(String[] args) throws Exception {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path base = Files.createTempDirectory("podnet-bench-trace-");
    TraceBench b = new TraceBench(base);
    Report r = new Report("trace", "podnet trace, wall time per trace (CLI start included), 3-node vxlan lab", "trace", "load", "trials",
        "p50_ms", "max_ms", "hops");
    try {
      b.lab.ok("up", "--nodes", "3");
      b.lab.ok("apply", "-f", b.workload().toString());
      b.lab.ok("wait", "--for=condition=Ready", "pod", "-l", "bench=trace", "--timeout=180s");
      r.row("anchor: podnet exec a -- true", "idle", trials, b.p50(trials, "exec", "a", "--", "true"), b.lastMax, 0);
      b.traces(r, "idle", trials);
      Process loop = b.loop();
      try {
        b.traces(r, "request loop", trials);
      } finally {
        loop.destroyForcibly();
      }
    } finally {
      b.lab.run("down");
      Exec.run(List.of("rm", "-rf", base.toString()), null);
    }
    r.note("machine", Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAverage() + " at the end");
    r.note("phases", "a trace starts nft monitor in every namespace on the path (5-6), adds and deletes its table there, waits 0.4 s for "
        + "late reports, lists the probe's conntrack entries in each of them (ProbeFlow), and reads routes/FDB with one ip/bridge exec each");
    r.printAndWrite(CHECKOUT.resolve("bench/results"));
  }

  private double lastMax;
  private int lastHops;

  private void traces(Report r, String load, int trials) {
    for (List<String> t : List.of(List.of("a", "b", "--port", "8080"), List.of("a", "svc/hello"), List.of("a", "svc/empty"))) {
      List<String> args = new ArrayList<>(List.of("trace"));
      args.addAll(t);
      args.addAll(List.of("-o", "json"));
      double p50 = p50(trials, args.toArray(String[]::new));
      r.row(String.join(" ", t), load, trials, p50, lastMax, lastHops);
    }
  }

  private double p50(int trials, String... args) {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      long t0 = System.nanoTime();
      Exec.Result res = lab.run(args);
      ms.add((System.nanoTime() - t0) / 1e6);
      if (res.exitCode() != 0 && res.exitCode() != 2) {
        throw new IllegalStateException("podnet " + String.join(" ", args) + " exited " + res.exitCode() + ": " + res.stderr());
      }
      if (args[0].equals("trace")) {
        try {
          JsonNode j = JSON.readTree(res.stdout());
          lastHops = j.path("hops").size();
        } catch (java.io.IOException e) {
          throw new IllegalStateException("trace printed no JSON: " + res.stdout(), e);
        }
      }
    }
    lastMax = Collections.max(ms);
    return Report.quantile(ms, 0.5);
  }

  /**
   * loop-client on node-1 (beside a) fetching from Service hello (endpoint b, the traces' own) without pause, for 10 minutes at
   * most: the probe shares its DNAT, nodes and endpoint with the loop, whose packets the trace must leave out.
   */
  private Process loop() throws Exception {
    String hello = JSON.readTree(lab.run("get", "svc", "hello", "-o", "json").stdout()).path("spec").path("clusterIP").asText();
    List<String> a = lab.argv("exec", "loop-client", "--", "sh", "-c",
        "end=$(($(date +%s)+600)); while [ $(date +%s) -lt $end ]; do curl -s -o /dev/null http://" + hello + "/; done");
    Process p = new ProcessBuilder(a).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Thread.sleep(2000);
    return p;
  }

  private Path workload() throws Exception {
    StringBuilder y = new StringBuilder();
    String[][] pods = {{"a", "node-1", "a"}, {"b", "node-2", "hello"}, {"loop-client", "node-1", "lc"}, {"loop-server", "node-2", "ls"}};
    for (String[] p : pods) {
      y.append("apiVersion: v1\nkind: Pod\nmetadata: {name: ").append(p[0]).append(", labels: {bench: trace, app: ").append(p[2]).append("}}\nspec:\n  nodeName: ")
          .append(p[1]).append("\n  terminationGracePeriodSeconds: 1\n  containers: [{name: c, image: \"").append(AGNHOST)
          .append("\", args: [\"netexec\", \"--http-port=8080\"]}]\n---\n");
    }
    y.append("apiVersion: v1\nkind: Service\nmetadata: {name: hello}\nspec:\n  selector: {app: hello}\n  ports: [{port: 80, targetPort: 8080}]\n---\n");
    y.append("apiVersion: v1\nkind: Service\nmetadata: {name: empty}\nspec:\n  selector: {app: nothing}\n  ports: [{port: 80, targetPort: 8080}]\n");
    Path f = base.resolve("trace-bench.yaml");
    Files.writeString(f, y.toString());
    return f;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }



}

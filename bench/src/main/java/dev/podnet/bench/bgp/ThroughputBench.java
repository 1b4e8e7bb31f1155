package dev.podnet.bench.bgp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.bench.LabCluster;
import dev.podnet.bench.Report;
import dev.podnet.kernel.Exec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Pod-to-pod TCP throughput across nodes with iperf3 for the vxlan, host-gw and bgp backends in
 * one run, against the underlay limit: the same iperf3 between two namespaces joined directly by
 * a veth pair. Then, on the bgp cluster, convergence: from a node's speaker starting (the node
 * re-registered after being deleted) to every other node having a route to it ({@link Convergence}).
 */
public final class ThroughputBench {
  private static final Path CHECKOUT = Path.of("").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "pnr";

  private ThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Report r = new Report("bgp-throughput", "Pod-to-pod TCP throughput across two lab nodes (iperf3, one stream) against a bare veth pair",
        "path", "gbit_s", "pct_of_underlay", "retransmits");
    double underlay = underlay(seconds);
    r.row("underlay: two namespaces, one veth pair", underlay, 100.0, 0);
    Report conv = null;
    int n = 1;
    for (String routing : List.of("vxlan", "host-gw", "bgp")) {
      Path base = Files.createTempDirectory("podnet-bench-bgp-");
      LabCluster c = new LabCluster(CHECKOUT, base, PREFIX + "9" + n++);
      try {
        c.ok("up", "--nodes", routing.equals("bgp") ? "3" : "2", "--routing", routing, "--no-ingress");
        double[] result = podToPod(c, seconds);
        r.row("pod to pod, " + routing, result[0], 100 * result[0] / underlay, (long) result[1]);
        if (routing.equals("bgp")) {
          conv = new Convergence(c).measure(trials);
        }
      } finally {
        c.down();
        Exec.run(List.of("rm", "-rf", base.toString()), null);
      }
    }
    r.note("machine", Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAverage() + " at the end (shared)");
    r.note("iperf3", "-t " + seconds + ", one TCP stream, client in a pod on node-1, server in a pod on node-2; MTU as the lab sets it");
    r.note("goal", "bgp and host-gw >= 95% of the underlay, vxlan >= 80% (issue 14)");
    r.printAndWrite(CHECKOUT.resolve("bench/results"));
    if (conv != null) {
      conv.printAndWrite(CHECKOUT.resolve("bench/results"));
    }
  }

  /** iperf3 between two fresh namespaces joined by a veth pair, the lab's LAN MTU (1500): the underlay limit. */
  private static double underlay(int seconds) {
    String a = PREFIX + "-bench-a";
    String b = PREFIX + "-bench-b";
    try {
      for (List<String> cmd : List.of(List.of("ip", "netns", "add", a), List.of("ip", "netns", "add", b),
          List.of("ip", "link", "add", "pnrva", "netns", a, "type", "veth", "peer", "name", "pnrvb", "netns", b),
          List.of("ip", "-n", a, "addr", "add", "10.99.0.1/30", "dev", "pnrva"), List.of("ip", "-n", b, "addr", "add", "10.99.0.2/30", "dev", "pnrvb"),
          List.of("ip", "-n", a, "link", "set", "pnrva", "up"), List.of("ip", "-n", b, "link", "set", "pnrvb", "up"),
          List.of("ip", "-n", a, "link", "set", "lo", "up"), List.of("ip", "-n", b, "link", "set", "lo", "up"))) {
        check(Exec.run(cmd, null), cmd);
      }
      check(Exec.run(List.of("ip", "netns", "exec", b, "iperf3", "-s", "-D", "-1"), null), List.of("iperf3 -s"));
      sleep(300);
      JsonNode j = iperf(List.of("ip", "netns", "exec", a, "iperf3", "-c", "10.99.0.2", "-t", String.valueOf(seconds), "-J"));
      return gbit(j);
    } finally {
      Exec.run(List.of("ip", "netns", "del", a), null);
      Exec.run(List.of("ip", "netns", "del", b), null);
    }
  }

  /** {gbit/s, retransmits} from a client pod on node-1 to a server pod on node-2. */
  private static double[] podToPod(LabCluster c, int seconds) {
    c.apply(pod("iperf-server", "node-2", "[\"iperf3\", \"-s\"]") + "---\n" + pod("iperf-client", "node-1", "[\"sleep\", \"3600\"]"));
    c.ok("wait", "--for=condition=Ready", "pod", "iperf-server", "iperf-client", "--timeout=180s");
    String ip = json(c.ok("get", "pod", "iperf-server", "-o", "json")).path("status").path("podIP").asText();
    sleep(500);
    JsonNode j = iperf(List.of("env", "PODNET_STATE_DIR=" + c.base(), "PODNET_SKIP_BUILD=1", CHECKOUT.resolve("bin/podnet").toString(),
        "--name=" + c.name(), "exec", "iperf-client", "--", "iperf3", "-c", ip, "-t", String.valueOf(seconds), "-J"));
    return new double[] {gbit(j), j.path("end").path("sum_sent").path("retransmits").asDouble()};
  }

  private static String pod(String name, String node, String command) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\nspec:\n  nodeName: " + node
        + "\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: c\n    image: debian\n    command: " + command + "\n";
  }

  private static JsonNode iperf(List<String> argv) {
    Exec.Result r = Exec.run(argv, null, java.time.Duration.ofMinutes(2));
    check(r, argv);
    return json(r.stdout());
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("not JSON: " + text, e);
    }
  }

  private static double gbit(JsonNode j) {
    return Math.round(j.path("end").path("sum_received").path("bits_per_second").asDouble() / 1e7) / 100.0;
  }

  private static void check(Exec.Result r, List<String> cmd) {
    if (!r.ok()) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r.stderr() + r.stdout());
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package dev.podnet.bench.bgp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.bench.LabCluster;
import dev.podnet.bench.Report;
import dev.podnet.kernel.Exec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pod-to-pod TCP throughput across nodes with iperf3 for the vxlan, host-gw and bgp backends in
 * one run, against the underlay limit: the same iperf3 between two namespaces joined directly by
 * a veth pair. Between them, node to node over the lab's LAN (veth, the LAN bridge, veth): what
 * the lab's emulated wire and switch cost before any pod is involved. On each cluster the three
 * paths take turns, round after round, so every ratio compares runs a few seconds apart on this
 * shared machine; each row is the median of its rounds. Then, on the bgp cluster, convergence:
 * from a node's speaker starting (the node re-registered after being deleted) to every other node
 * having a route to it ({@link Convergence}).
 */
public final class ThroughputBench {
  private static final Path CHECKOUT = Path.of("").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "pnr";
  private static final String UNDERLAY_A = PREFIX + "-bench-a";
  private static final String UNDERLAY_B = PREFIX + "-bench-b";
  /** The first second (slow start; the CLI's start-up next to a pod's client) is left out of every figure. */
  private static final String OMIT = "1";

  private ThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Report r = new Report("bgp-throughput", "Pod-to-pod TCP throughput across two lab nodes (iperf3, one stream) against a bare veth pair",
        "path", "gbit_s", "pct_of_underlay", "cpu_ms_per_gb", "cpu_pct_of_underlay", "retransmits");
    List<Iperf> underlay = new ArrayList<>();
    List<Iperf> nodeToNode = new ArrayList<>();
    List<Object[]> podRows = new ArrayList<>();
    Report conv = null;
    int n = 1;
    try {
      underlayUp();
      for (String routing : List.of("vxlan", "host-gw", "bgp")) {
        Path base = Files.createTempDirectory("podnet-bench-bgp-");
        LabCluster c = new LabCluster(CHECKOUT, base, PREFIX + "9" + n++);
        try {
          c.ok("up", "--nodes", routing.equals("bgp") ? "3" : "2", "--routing", routing, "--no-ingress");
          String server = podsUp(c);
          String node2 = internalIp(c, "node-2");
          List<Iperf> u = new ArrayList<>();
          List<Iperf> pod = new ArrayList<>();
          for (int i = 0; i < rounds; i++) {
            u.add(underlay(seconds));
            nodeToNode.add(nodeToNode(c, node2, seconds));
            pod.add(podToPod(c, server, seconds));
          }
          underlay.addAll(u);
          podRows.add(row("pod to pod, " + routing, Iperf.median(pod), Iperf.median(u)));
          if (routing.equals("bgp")) {
            conv = new Convergence(c).measure(trials);
          }
        } finally {
          c.down();
          Exec.run(List.of("rm", "-rf", base.toString()), null);
        }
      }
    } finally {
      underlayDown();
    }
    Iperf all = Iperf.median(underlay);
    r.row(row("underlay: two namespaces, one veth pair", all, all));
    r.row(row("node to node over the lab LAN (veth, bridge, veth)", Iperf.median(nodeToNode), all));
    podRows.forEach(r::row);
    r.note("machine", Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAverage() + " at the end (shared)");
    r.note("iperf3", "-t " + seconds + " -O " + OMIT + ", one TCP stream; pods: client on node-1, server on node-2; MTU as the lab sets it; "
        + rounds + " rounds per cluster of underlay, node to node and pod to pod in turn, medians");
    r.note("pct", "a pod row's percentages compare it with the underlay rounds of the same cluster, taken between its own; "
        + "cpu_ms_per_gb: sender + receiver CPU time per GB received (includes the softirq work of every hop), cpu_pct_of_underlay = underlay's / this path's");
    r.note("goal", "bgp and host-gw >= 95% of the underlay, vxlan >= 80% (issue 14)");
    r.printAndWrite(CHECKOUT.resolve("bench/results"));
    if (conv != null) {
      conv.printAndWrite(CHECKOUT.resolve("bench/results"));
    }
  }

  private static Object[] row(String path, Iperf p, Iperf underlay) {
    return new Object[] {path, round2(p.gbit()), 100 * p.gbit() / underlay.gbit(), p.cpuMsPerGb(), 100 * underlay.cpuMsPerGb() / p.cpuMsPerGb(),
        p.retransmits()};
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Two fresh namespaces joined by a veth pair at the lab's LAN MTU (1500), an iperf3 server in one: the underlay limit. */
  private static void underlayUp() {
    for (List<String> cmd : List.of(List.of("ip", "netns", "add", UNDERLAY_A), List.of("ip", "netns", "add", UNDERLAY_B),
        List.of("ip", "link", "add", "pnrva", "netns", UNDERLAY_A, "type", "veth", "peer", "name", "pnrvb", "netns", UNDERLAY_B),
        List.of("ip", "-n", UNDERLAY_A, "addr", "add", "10.99.0.1/30", "dev", "pnrva"),
        List.of("ip", "-n", UNDERLAY_B, "addr", "add", "10.99.0.2/30", "dev", "pnrvb"),
        List.of("ip", "-n", UNDERLAY_A, "link", "set", "pnrva", "up"), List.of("ip", "-n", UNDERLAY_B, "link", "set", "pnrvb", "up"),
        List.of("ip", "-n", UNDERLAY_A, "link", "set", "lo", "up"), List.of("ip", "-n", UNDERLAY_B, "link", "set", "lo", "up"))) {
      check(Exec.run(cmd, null), cmd);
    }
  }

  /** Removing the namespaces ends the servers in them (one-off servers, each gone after its client). */
  private static void underlayDown() {
    Exec.run(List.of("ip", "netns", "del", UNDERLAY_A), null);
    Exec.run(List.of("ip", "netns", "del", UNDERLAY_B), null);
  }

  private static Iperf underlay(int seconds) {
    oneShotServer(UNDERLAY_B);
    return Iperf.run(List.of("ip", "netns", "exec", UNDERLAY_A, "iperf3", "-c", "10.99.0.2", "-t", String.valueOf(seconds), "-O", OMIT));
  }

  /** node-1 to node-2 over the LAN, their own addresses (as a hostNetwork pod would see it). */
  private static Iperf nodeToNode(LabCluster c, String node2, int seconds) {
    oneShotServer(c.netns("node-2"));
    return Iperf.run(List.of("ip", "netns", "exec", c.netns("node-1"), "iperf3", "-c", node2, "-t", String.valueOf(seconds), "-O", OMIT));
  }

  private static String internalIp(LabCluster c, String node) {
    for (JsonNode a : json(c.ok("get", "node", node, "-o", "json")).path("status").path("addresses")) {
      if (a.path("type").asText().equals("InternalIP")) {
        return a.path("address").asText();
      }
    }
    throw new IllegalStateException("node " + node + " of cluster " + c.name() + " has no InternalIP");
  }

  /** An iperf3 server in {@code netns} that serves one client and exits. */
  private static void oneShotServer(String netns) {
    List<String> cmd = List.of("ip", "netns", "exec", netns, "iperf3", "-s", "-D", "-1");
    check(Exec.run(cmd, null), cmd);
    sleep(300);
  }

  /** The server pod on node-2 and the client pod on node-1; returns the server's pod IP. */
  private static String podsUp(LabCluster c) {
    c.apply(pod("iperf-server", "node-2", "[\"iperf3\", \"-s\"]") + "---\n" + pod("iperf-client", "node-1", "[\"sleep\", \"3600\"]"));
    c.ok("wait", "--for=condition=Ready", "pod", "iperf-server", "iperf-client", "--timeout=180s");
    sleep(500);
    return json(c.ok("get", "pod", "iperf-server", "-o", "json")).path("status").path("podIP").asText();
  }

  private static Iperf podToPod(LabCluster c, String server, int seconds) {
    return Iperf.run(c.argv("exec", "iperf-client", "--", "iperf3", "-c", server, "-t", String.valueOf(seconds), "-O", OMIT));
  }

  private static String pod(String name, String node, String command) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\nspec:\n  nodeName: " + node
        + "\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: c\n    image: debian\n    command: " + command + "\n";
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("not JSON: " + text, e);
    }
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

package dev.podnet.bench.bgp;

import dev.podnet.bench.LabCluster;
import dev.podnet.bench.Report;
import dev.podnet.kernel.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node joining a bgp cluster: node-3 is deleted (every node withdraws its route), its agent is
 * killed, and the supervisor's new agent registers the Node again and starts its speaker. Measured:
 * from the speaker's start (its log line) to the moment node-1 and node-2 both have a
 * {@code proto bgp} route via node-3, polled in their namespaces every 10 ms.
 */
final class Convergence {
  private static final String JOINER = "node-3";
  private static final String JOINER_IP = "172.18.0.4";
  private static final Pattern STARTED = Pattern.compile("(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) INFO\\s+BgpRouting bgp speaker started");
  private final LabCluster cluster;

  Convergence(LabCluster cluster) {
    this.cluster = cluster;
  }

  Report measure(int trials) throws IOException {
    Report r = new Report("bgp-convergence", "A node joining a bgp cluster: its speaker's start to a route on every other node (3-node lab)",
        "trial", "ms", "load_average");
    List<Double> all = new ArrayList<>();
    Path log = cluster.base().resolve(cluster.name()).resolve("nodes").resolve(JOINER).resolve("agent.log");
    for (int i = 1; i <= trials; i++) {
      cluster.ok("delete", "node", JOINER);
      awaitRoutes(false, Duration.ofSeconds(60));
      long pid = agentPid();
      long logAt = Files.size(log);
      Exec.run(List.of("kill", "-9", String.valueOf(pid)), null);
      LocalTime routed = awaitRoutes(true, Duration.ofMinutes(3));
      String after = Files.readString(log).substring((int) logAt);
      Matcher m = STARTED.matcher(after);
      if (!m.find()) {
        throw new IllegalStateException("no 'bgp speaker started' in " + log + " after the kill");
      }
      double ms = Duration.between(LocalTime.parse(m.group(1)), routed).toNanos() / 1e6;
      all.add(ms);
      r.row(i, ms, ThroughputBench.loadAverage());
      System.err.printf("  convergence %d: %.0f ms%n", i, ms);
    }
    r.row("p50", Report.quantile(all, 0.5), "");
    r.note("goal", "<= 1 s (issue 14)");
    r.note("what", "node deleted, its agent killed; the restarted agent registers the Node, gets its pod CIDR, starts the speaker; "
        + "the other nodes' agents see the Node, open sessions, learn the CIDR and install it");
    return r;
  }

  private long agentPid() {
    Matcher m = Pattern.compile(JOINER + " pid (\\d+)").matcher(cluster.ok("status"));
    if (!m.find()) {
      throw new IllegalStateException("podnet status names no agent process for " + JOINER);
    }
    return Long.parseLong(m.group(1));
  }

  /** Polls node-1 and node-2 until both have (or both lack) a proto-bgp route via the joiner; returns when. */
  private LocalTime awaitRoutes(boolean present, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      boolean one = routed("node-1");
      boolean two = routed("node-2");
      if (one == present && two == present) {
        return LocalTime.now();
      }
      ThroughputBench.sleep(10);
    }
    throw new IllegalStateException("routes via " + JOINER_IP + " on node-1 and node-2 still not " + (present ? "present" : "gone") + " after "
        + timeout.toSeconds() + " s");
  }

  private boolean routed(String node) {
    Exec.Result r = Exec.run(List.of("ip", "-n", cluster.netns(node), "route", "show", "proto", "bgp"), null);
    return r.stdout().contains("via " + JOINER_IP + " ");
  }
}

package dev.podnet.bench.bgp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.kernel.Exec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One iperf3 run's figures: throughput, retransmits, and what the bytes cost in CPU: the sender's
 * and receiver's CPU time (iperf3's own {@code cpu_utilization_percent}, user + system, which with
 * tick accounting includes the softirq work done in their context: every forwarding hop of the
 * path) per gigabyte received. On a shared machine the CPU cost is the steadier figure: load
 * steals time from both ends and lowers Gbit/s, but barely changes what a byte costs.
 */
record Iperf(double gbit, long retransmits, double cpuMsPerGb) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Runs an iperf3 client ({@code argv} ends with its own arguments; {@code -J} is added) and
   * reads its report. A server just started with {@code -D} may not listen yet on a loaded
   * machine: "unable to connect" is tried again, up to 5 times a second apart.
   */
  static Iperf run(List<String> argv) {
    List<String> a = new ArrayList<>(argv);
    a.add("-J");
    Exec.Result r = Exec.run(a, null, Duration.ofMinutes(2));
    for (int i = 0; i < 5 && !r.ok() && (r.stdout() + r.stderr()).contains("unable to connect"); i++) {
      ThroughputBench.sleep(1000);
      r = Exec.run(a, null, Duration.ofMinutes(2));
    }
    if (!r.ok()) {
      throw new IllegalStateException(String.join(" ", a) + " failed: " + r.stderr() + r.stdout());
    }
    return of(json(r.stdout()));
  }

  static Iperf of(JsonNode j) {
    JsonNode end = j.path("end");
    JsonNode received = end.path("sum_received");
    JsonNode cpu = end.path("cpu_utilization_percent");
    double gigabytes = received.path("bytes").asDouble() / 1e9;
    double cpuSeconds = (cpu.path("host_total").asDouble() + cpu.path("remote_total").asDouble()) / 100 * received.path("seconds").asDouble();
    if (gigabytes <= 0) {
      throw new IllegalStateException("iperf3 moved no bytes: " + j);
    }
    return new Iperf(received.path("bits_per_second").asDouble() / 1e9, end.path("sum_sent").path("retransmits").asLong(),
        1000 * cpuSeconds / gigabytes);
  }

  /** The median run by each figure on its own (so one noisy trial moves none of them). */
  static Iperf median(List<Iperf> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no iperf3 runs");
    }
    return new Iperf(median(runs, Iperf::gbit), Math.round(median(runs, r -> r.retransmits)), median(runs, Iperf::cpuMsPerGb));
  }

  private static double median(List<Iperf> runs, ToDoubleFunction<Iperf> f) {
    List<Double> v = runs.stream().map(f::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
    return v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("not JSON: " + text, e);
    }
  }
}

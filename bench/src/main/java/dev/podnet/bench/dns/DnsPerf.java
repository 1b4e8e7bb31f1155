package dev.podnet.bench.dns;

import java.util.Arrays;
import java.util.List;

/** dnsperf's summary and per-query (-v) output, read back. */
final class DnsPerf {
  /** What one run reports: queries completed, and per-query latencies (seconds) when run verbose. */
  record Run(long completed, double qps, double[] latencies) {
    double percentileMs(double p) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      double[] sorted = latencies.clone();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] * 1000;
    }
  }

  private DnsPerf() {}

  /** dnsperf at its own pace with many queries outstanding: the server's peak. */
  static List<String> peak(String server, String data, int seconds) {
    return List.of("dnsperf", "-s", server, "-d", data, "-l", Integer.toString(seconds), "-c", "4", "-q", "500", "-t", "2");
  }

  /**
   * dnsperf at a fixed rate, every response written with its latency to {@code out}: a file, not
   * the exec stream, which at 40k lines a second cost the machine's two cores more than the server.
   */
  static List<String> paced(String server, String data, int seconds, int qps, java.nio.file.Path out) {
    return List.of("sh", "-c", String.join(" ", "dnsperf", "-s", server, "-d", data, "-l", Integer.toString(seconds), "-c", "4", "-q", "500",
        "-t", "2", "-Q", Integer.toString(qps), "-v", ">", out.toString(), "2>&1"));
  }

  static Run parse(String out) {
    long completed = 0;
    double qps = 0;
    java.util.List<Double> lat = new java.util.ArrayList<>();
    for (String line : out.split("\n")) {
      String l = line.trim();
      if (l.startsWith("Queries completed:")) {
        completed = Long.parseLong(l.split("\\s+")[2]);
      } else if (l.startsWith("Queries per second:")) {
        qps = Double.parseDouble(l.split("\\s+")[3]);
      } else if (l.startsWith("> ")) {
        String[] f = l.split("\\s+");
        try {
          lat.add(Double.parseDouble(f[f.length - 1]));
        } catch (NumberFormatException e) {
          // a line dnsperf wrote without a latency (a timeout): not a response
        }
      }
    }
    return new Run(completed, qps, lat.stream().mapToDouble(Double::doubleValue).toArray());
  }
}

package dev.podnet.bench.dns;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CoreDNS's {@code coredns_dns_request_duration_seconds} histogram as podnet-dns exports it on
 * :9153, summed over its labels: cumulative counts per upper bound (seconds). Knot exports none.
 */
record ServerHistogram(TreeMap<Double, Double> cumulative) {
  private static final Pattern BUCKET = Pattern.compile("^coredns_dns_request_duration_seconds_bucket\\{.*le=\"([^\"]+)\".*} (\\S+)$");

  /** Scraped through {@code exec} (the bench's pod runs curl); empty when the server has no such metric. */
  static Optional<ServerHistogram> scrape(Function<List<String>, String> exec, String ip, String pod) {
    if (!pod.startsWith("dns")) {
      return Optional.empty();
    }
    TreeMap<Double, Double> c = new TreeMap<>();
    for (String line : exec.apply(List.of("curl", "-s", "http://" + ip + ":9153/metrics")).split("\\n")) {
      Matcher m = BUCKET.matcher(line.trim());
      if (m.matches()) {
        double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
        c.merge(le, Double.parseDouble(m.group(2)), Double::sum);
      }
    }
    return c.isEmpty() ? Optional.empty() : Optional.of(new ServerHistogram(c));
  }

  ServerHistogram minus(ServerHistogram earlier) {
    TreeMap<Double, Double> d = new TreeMap<>();
    cumulative.forEach((le, n) -> d.put(le, n - earlier.cumulative.getOrDefault(le, 0.0)));
    return new ServerHistogram(d);
  }

  /** The upper bound of the bucket the p-th percentile falls in, in ms (a bound, not an interpolation). */
  String percentileMs(double p) {
    double total = cumulative.lastEntry().getValue();
    for (var e : cumulative.entrySet()) {
      if (e.getValue() >= total * p / 100) {
        return e.getKey().isInfinite() ? "> " + cumulative.lowerKey(e.getKey()) * 1000 : "<= " + e.getKey() * 1000;
      }
    }
    return "n/a";
  }
}

package dev.podnet.ingress;

import dev.podnet.ingress.proxy.RequestRecord;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prometheus metrics of the proxy, as ingress-nginx exports them: requests by ingress, host,
 * path and status, and the upstream's response latency per ingress as a histogram. Counting is
 * two map lookups and adder increments on the event loop; rendering happens on scrape.
 */
final class Metrics implements RequestRecord.Sink {
  private static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private record RequestKey(String ingress, String host, String path, int status) {}

  private static final class Histogram {
    final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
    final LongAdder sumNanos = new LongAdder();

    Histogram() {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void observe(long nanos) {
      double s = nanos / 1e9;
      int i = 0;
      while (i < BUCKETS.length && s > BUCKETS[i]) {
        i++;
      }
      counts[i].increment();
      sumNanos.add(nanos);
    }
  }

  private final ConcurrentHashMap<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Histogram> latency = new ConcurrentHashMap<>();

  @Override
  public void record(RequestRecord r) {
    requests.computeIfAbsent(new RequestKey(r.site().ingress(), r.site().host(), r.site().path(), r.status()), k -> new LongAdder()).increment();
    if (r.upstreamNanos() >= 0) {
      latency.computeIfAbsent(r.site().ingress(), k -> new Histogram()).observe(r.upstreamNanos());
    }
  }

  String render() {
    StringBuilder b = new StringBuilder();
    b.append("# HELP podnet_ingress_requests_total Requests answered, by ingress, host, path and status.\n");
    b.append("# TYPE podnet_ingress_requests_total counter\n");
    requests.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(RequestKey::toString))).forEach(e -> b.append("podnet_ingress_requests_total{ingress=\"")
        .append(e.getKey().ingress()).append("\",host=\"").append(e.getKey().host()).append("\",path=\"").append(e.getKey().path())
        .append("\",status=\"").append(e.getKey().status()).append("\"} ").append(e.getValue().sum()).append('\n'));
    b.append("# HELP podnet_ingress_upstream_latency_seconds Time from a request's arrival to its upstream's response head.\n");
    b.append("# TYPE podnet_ingress_upstream_latency_seconds histogram\n");
    new TreeMap<>(latency).forEach((ingress, h) -> {
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += h.counts[i].sum();
        b.append("podnet_ingress_upstream_latency_seconds_bucket{ingress=\"").append(ingress).append("\",le=\"").append(BUCKETS[i])
            .append("\"} ").append(cumulative).append('\n');
      }
      cumulative += h.counts[BUCKETS.length].sum();
      b.append("podnet_ingress_upstream_latency_seconds_bucket{ingress=\"").append(ingress).append("\",le=\"+Inf\"} ").append(cumulative)
          .append('\n');
      b.append("podnet_ingress_upstream_latency_seconds_sum{ingress=\"").append(ingress).append("\"} ").append(h.sumNanos.sum() / 1e9).append('\n');
      b.append("podnet_ingress_upstream_latency_seconds_count{ingress=\"").append(ingress).append("\"} ").append(cumulative).append('\n');
    });
    return b.toString();
  }
}

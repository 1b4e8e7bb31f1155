package dev.podnet.dns;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Prometheus metrics under CoreDNS's names and labels, so dashboards and alerts written for
 * CoreDNS (coredns_dns_requests_total, ..._responses_total, ..._request_duration_seconds,
 * coredns_cache_*, coredns_forward_*) work unchanged. Counters are LongAdders keyed by their
 * rendered label set: no library, a few hundred bytes per series.
 */
public final class Metrics {
  static final String SERVER = "dns://:53";
  private static final double[] BUCKETS = {0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128,
      0.256, 0.512, 1.024, 2.048, 4.096, 8.192};

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private volatile IntSupplier cacheEntries = () -> 0;

  void cacheSize(IntSupplier entries) {
    this.cacheEntries = entries;
  }

  /** One answered query: proto udp|tcp, family 1 (IPv4) or 2 (IPv6), plugin that answered (kubernetes|forward|"" for errors). */
  void answered(String proto, int family, int qtype, int rcode, String plugin, long nanos) {
    // the hot path: one map lookup per series key built from small ints, no string building
    int type = TypeNames.index(qtype);
    series(requests, (proto.equals("tcp") ? 1 : 0) << 8 | family << 4 | type).increment();
    series(responses, Math.min(rcode, 15) << 4 | plugins.indexOf(plugin)).increment();
    Histogram h = durations.computeIfAbsent(type, t -> new Histogram());
    h.observe(nanos);
  }

  private final java.util.List<String> plugins = java.util.List.of("", "kubernetes", "forward", "autopath");
  private final Map<Integer, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> responses = new ConcurrentHashMap<>();
  private final Map<Integer, Histogram> durations = new ConcurrentHashMap<>();

  private static LongAdder series(Map<Integer, LongAdder> family, int key) {
    LongAdder a = family.get(key);
    return a != null ? a : family.computeIfAbsent(key, k -> new LongAdder());
  }

  /** Counts per bucket (not cumulative: rendering sums them), so an observation touches one counter. */
  private static final class Histogram {
    final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];
    final LongAdder sumMicros = new LongAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void observe(long nanos) {
      double seconds = nanos / 1e9;
      int i = 0;
      while (i < BUCKETS.length && seconds > BUCKETS[i]) {
        i++;
      }
      buckets[i].increment();
      sumMicros.add(nanos / 1000);
    }
  }

  void cacheHit(boolean denial) {
    inc("coredns_cache_hits_total{server=\"" + SERVER + "\",type=\"" + (denial ? "denial" : "success")
        + "\",view=\"\",zones=\".\"}");
  }

  void cacheMiss() {
    inc("coredns_cache_misses_total{server=\"" + SERVER + "\",view=\"\",zones=\".\"}");
  }

  void forwardRequest(InetSocketAddress to) {
    inc("coredns_forward_requests_total{to=\"" + hostPort(to) + "\"}");
  }

  void forwardResponse(InetSocketAddress to, int rcode) {
    inc("coredns_forward_responses_total{to=\"" + hostPort(to) + "\",rcode=\"" + RcodeNames.of(rcode) + "\"}");
  }

  /** A message that could not be decoded (answered FORMERR or dropped). */
  void malformed(boolean dropped) {
    inc("podnet_dns_malformed_total{action=\"" + (dropped ? "drop" : "formerr") + "\"}");
  }

  private void inc(String series) {
    counters.computeIfAbsent(series, k -> new LongAdder()).increment();
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** The text exposition format (version 0.0.4). */
  public String render() {
    StringBuilder out = new StringBuilder(4096);
    out.append("# TYPE coredns_build_info gauge\ncoredns_build_info{version=\"podnet-dns\",revision=\"\",goversion=\"java")
        .append(Runtime.version().feature()).append("\"} 1\n");
    out.append("# TYPE coredns_panics_total counter\ncoredns_panics_total 0\n");
    out.append("# TYPE coredns_cache_entries gauge\ncoredns_cache_entries{server=\"").append(SERVER)
        .append("\",type=\"success\",view=\"\",zones=\".\"} ").append(cacheEntries.getAsInt()).append('\n');
    String family = "";
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(counters).entrySet()) {
      String name = e.getKey().substring(0, e.getKey().indexOf('{'));
      if (!name.equals(family)) {
        out.append("# TYPE ").append(name).append(" counter\n");
        family = name;
      }
      out.append(e.getKey()).append(' ').append(e.getValue().sum()).append('\n');
    }
    histogram(out);
    return out.toString();
  }

  private void histogram(StringBuilder out) {
    out.append("# TYPE coredns_dns_requests_total counter\n");
    for (Map.Entry<Integer, LongAdder> e : new TreeMap<>(requests).entrySet()) {
      int k = e.getKey();
      out.append("coredns_dns_requests_total{server=\"").append(SERVER).append("\",zone=\".\",view=\"\",proto=\"")
          .append((k >> 8) == 1 ? "tcp" : "udp").append("\",family=\"").append(k >> 4 & 0xF).append("\",type=\"")
          .append(TypeNames.name(k & 0xF)).append("\"} ").append(e.getValue().sum()).append('\n');
    }
    out.append("# TYPE coredns_dns_responses_total counter\n");
    for (Map.Entry<Integer, LongAdder> e : new TreeMap<>(responses).entrySet()) {
      int k = e.getKey();
      out.append("coredns_dns_responses_total{server=\"").append(SERVER).append("\",zone=\".\",view=\"\",rcode=\"")
          .append(RcodeNames.of(k >> 4)).append("\",plugin=\"").append(plugins.get(k & 0xF)).append("\"} ")
          .append(e.getValue().sum()).append('\n');
    }
    String name = "coredns_dns_request_duration_seconds";
    out.append("# TYPE ").append(name).append(" histogram\n");
    for (Map.Entry<Integer, Histogram> e : new TreeMap<>(durations).entrySet()) {
      String labels = "server=\"" + SERVER + "\",zone=\".\",view=\"\",type=\"" + TypeNames.name(e.getKey()) + "\"";
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += e.getValue().buckets[i].sum();
        out.append(name).append("_bucket{").append(labels).append(",le=\"").append(BUCKETS[i]).append("\"} ")
            .append(cumulative).append('\n');
      }
      cumulative += e.getValue().buckets[BUCKETS.length].sum();
      out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(cumulative).append('\n');
      out.append(name).append("_sum{").append(labels).append("} ").append(e.getValue().sumMicros.sum() / 1e6).append('\n');
      out.append(name).append("_count{").append(labels).append("} ").append(cumulative).append('\n');
    }
  }
}

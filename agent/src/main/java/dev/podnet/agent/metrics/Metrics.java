package dev.podnet.agent.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.DoubleSupplier;

/**
 * A small Prometheus registry in the text exposition format (0.0.4): counters, gauges read at
 * scrape time and cumulative histograms. One per agent process ({@link #AGENT}), as kube-proxy's
 * legacyregistry: the proxy, routing and CNI server record into it, {@link MetricsServer} serves it.
 */
public final class Metrics {
  public static final Metrics AGENT = new Metrics();

  /** Buckets for syncs and CNI calls: 1 ms to 16 s, doubling (kube-proxy's sync buckets start at 1 ms too). */
  public static final double[] LATENCY_BUCKETS = {0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096,
      8.192, 16.384};

  private final Map<String, Family> families = new ConcurrentHashMap<>();

  private sealed interface Family permits Counter, Gauge, Histogram {
    String help();

    void render(String name, StringBuilder out);
  }

  public Counter counter(String name, String help) {
    return (Counter) families.computeIfAbsent(name, n -> new Counter(help));
  }

  public void gauge(String name, String help, DoubleSupplier value) {
    families.put(name, new Gauge(help, value));
  }

  public Histogram histogram(String name, String help, double[] buckets) {
    return (Histogram) families.computeIfAbsent(name, n -> new Histogram(help, buckets));
  }

  /** Every family, sorted by name, with HELP and TYPE lines. */
  public String render() {
    StringBuilder out = new StringBuilder();
    List<String> names = new ArrayList<>(families.keySet());
    names.sort(null);
    for (String name : names) {
      Family f = families.get(name);
      out.append("# HELP ").append(name).append(' ').append(f.help()).append('\n');
      f.render(name, out);
    }
    return out.toString();
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
  }

  public static final class Counter implements Family {
    private final String help;
    private final DoubleAdder value = new DoubleAdder();

    Counter(String help) {
      this.help = help;
    }

    @Override
    public String help() {
      return help;
    }

    public void inc() {
      value.add(1);
    }

    public void add(double amount) {
      value.add(amount);
    }

    public double get() {
      return value.sum();
    }

    @Override
    public void render(String name, StringBuilder out) {
      out.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(number(value.sum())).append('\n');
    }
  }

  record Gauge(String help, DoubleSupplier value) implements Family {
    @Override
    public void render(String name, StringBuilder out) {
      out.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(number(value.getAsDouble())).append('\n');
    }
  }

  /** Cumulative buckets as Prometheus wants them. Observations are rare (syncs, CNI calls): one lock is enough. */
  public static final class Histogram implements Family {
    private final String help;
    private final double[] bounds;
    private final long[] buckets;
    private double sum;
    private long count;

    Histogram(String help, double[] bounds) {
      this.help = help;
      this.bounds = bounds.clone();
      this.buckets = new long[bounds.length];
    }

    @Override
    public String help() {
      return help;
    }

    public synchronized void observeSeconds(double seconds) {
      for (int i = 0; i < bounds.length; i++) {
        if (seconds <= bounds[i]) {
          buckets[i]++;
        }
      }
      sum += seconds;
      count++;
    }

    /** Observes the time since {@code startNanos} (a {@link System#nanoTime()} reading). */
    public void observeSince(long startNanos) {
      observeSeconds((System.nanoTime() - startNanos) / 1e9);
    }

    public synchronized long count() {
      return count;
    }

    @Override
    public synchronized void render(String name, StringBuilder out) {
      out.append("# TYPE ").append(name).append(" histogram\n");
      for (int i = 0; i < bounds.length; i++) {
        out.append(name).append("_bucket{le=\"").append(number(bounds[i])).append("\"} ").append(buckets[i]).append('\n');
      }
      out.append(name).append("_bucket{le=\"+Inf\"} ").append(count).append('\n')
          .append(name).append("_sum ").append(number(sum)).append('\n')
          .append(name).append("_count ").append(count).append('\n');
    }
  }
}

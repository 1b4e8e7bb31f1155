package dev.podnet.agent.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent's metrics, with kube-proxy's names where kube-proxy has one (its nftables mode), podnet_*
 * for the rest. Recorded by the proxy ({@code ServiceProxy}), routing ({@code RoutingReconciler}) and
 * the CNI server; the conntrack figures are read from the agent's own network namespace at scrape time.
 */
public final class AgentMetrics {
  public static final Metrics.Histogram PROXY_SYNC = Metrics.AGENT.histogram("kubeproxy_sync_proxy_rules_duration_seconds",
      "SyncProxyRules latency in seconds", Metrics.LATENCY_BUCKETS);
  public static final Metrics.Histogram PROXY_FULL_SYNC = Metrics.AGENT.histogram("kubeproxy_sync_full_proxy_rules_duration_seconds",
      "SyncProxyRules latency in seconds for full resyncs", Metrics.LATENCY_BUCKETS);
  public static final Metrics.Histogram PROXY_PARTIAL_SYNC = Metrics.AGENT.histogram("kubeproxy_sync_partial_proxy_rules_duration_seconds",
      "SyncProxyRules latency in seconds for partial resyncs", Metrics.LATENCY_BUCKETS);
  public static final Metrics.Counter PROXY_SYNC_FAILURES = Metrics.AGENT.counter("kubeproxy_sync_proxy_rules_nftables_sync_failures_total",
      "Reverted nftables transactions");
  public static final Metrics.Counter PROXY_TRANSACTION_LINES = Metrics.AGENT.counter("podnet_proxy_nft_transaction_lines_total",
      "Lines (rules, map and set elements, chain operations) written to nftables by the proxy");
  public static final Metrics.Histogram ROUTING_SYNC = Metrics.AGENT.histogram("podnet_routing_sync_duration_seconds",
      "Routing reconcile latency in seconds (routes, neighbours, FDB entries to every peer node)", Metrics.LATENCY_BUCKETS);
  public static final Metrics.Counter ROUTING_CHANGES = Metrics.AGENT.counter("podnet_routing_changes_total",
      "Routes, neighbours and FDB entries added or removed by the routing reconciler");
  public static final Metrics.Counter ROUTING_FAILURES = Metrics.AGENT.counter("podnet_routing_sync_failures_total", "Failed routing reconciles");
  public static final Metrics.Histogram CNI_ADD = Metrics.AGENT.histogram("podnet_cni_add_duration_seconds", "CNI ADD latency in seconds",
      Metrics.LATENCY_BUCKETS);
  public static final Metrics.Histogram CNI_DEL = Metrics.AGENT.histogram("podnet_cni_del_duration_seconds", "CNI DEL latency in seconds",
      Metrics.LATENCY_BUCKETS);
  public static final Metrics.Counter CNI_ERRORS = Metrics.AGENT.counter("podnet_cni_errors_total", "CNI requests answered with an error");
  private static final Path CONNTRACK_COUNT = Path.of("/proc/sys/net/netfilter/nf_conntrack_count");
  private static final Path CONNTRACK_MAX = Path.of("/proc/sys/net/netfilter/nf_conntrack_max");

  private static volatile long lastSync;

  static {
    Metrics.AGENT.gauge("kubeproxy_sync_proxy_rules_last_timestamp_seconds", "The last time proxy rules were successfully synced",
        () -> lastSync / 1000.0);
    Metrics.AGENT.gauge("podnet_conntrack_entries", "Conntrack entries in the node's network namespace", () -> read(CONNTRACK_COUNT));
    Metrics.AGENT.gauge("podnet_conntrack_max", "The conntrack table's size limit", () -> read(CONNTRACK_MAX));
  }

  private AgentMetrics() {}

  /** Serves every agent metric at {@code address}{@code /metrics}. */
  public static MetricsServer serve(java.net.InetSocketAddress address) throws IOException {
    return MetricsServer.start(address, Metrics.AGENT);
  }

  /** A proxy sync of {@code lines} nft lines that began at {@code startNanos} succeeded. */
  public static void proxySynced(boolean full, long startNanos, int lines) {
    PROXY_SYNC.observeSince(startNanos);
    (full ? PROXY_FULL_SYNC : PROXY_PARTIAL_SYNC).observeSince(startNanos);
    PROXY_TRANSACTION_LINES.add(lines);
    lastSync = System.currentTimeMillis();
  }

  /** Through a stream: Files.readString trusts the size /proc/sys reports and came back with one byte. */
  private static double read(Path file) {
    try (var in = Files.newInputStream(file)) {
      return Double.parseDouble(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip());
    } catch (IOException | NumberFormatException e) {
      return Double.NaN; // no conntrack module loaded in this namespace yet
    }
  }
}

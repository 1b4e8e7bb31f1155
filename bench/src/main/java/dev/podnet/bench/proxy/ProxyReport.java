package dev.podnet.bench.proxy;

import dev.podnet.bench.Report;
import java.util.List;

/**
 * The proxy benchmark's table: one row per measure and size, podnet's figure side by side with
 * kube-proxy's published ones (where one exists for that size) and podnet's target.
 */
final class ProxyReport {
  private static final String NONE = "-";

  private ProxyReport() {}

  /** One size's measurements. */
  /** {@code baseline}: the same connects, in the same rounds, on a node whose proxy holds 1 Service. */
  record Row(int services, double cold, double restart, int restartTx, double add, double change, double heap, Latency latency,
      Latency baseline) {}

  record Latency(double p50, double p99) {}

  static Report build(List<Row> rows, Latency direct) {
    Report r = new Report("proxy", "Service proxy at scale: a lab node with N Services x 2 endpoints (real socat pods), vs kube-proxy",
        "measure", "services", "podnet", "kube_proxy_nftables", "kube_proxy_iptables", "podnet_target", "met");
    for (Row x : rows) {
      boolean at10k = x.services() == 10_000;
      boolean flat = x.services() >= 5_000;
      r.row("full sync, cold (no table) ms", x.services(), x.cold(), at10k ? "194000 (3m14s)" : NONE, at10k ? "40000" : NONE,
          at10k ? "<= 2000" : NONE, at10k ? met(x.cold() <= 2000) : NONE);
      r.row("full sync, restart on a right node ms", x.services(), x.restart(), at10k ? "194000 (3m14s)" : NONE, at10k ? "40000" : NONE,
          at10k ? "<= 2000" : NONE, at10k ? met(x.restart() <= 2000) : NONE);
      r.row("  transactions written by that restart", x.services(), x.restartTx(), NONE, NONE, "0", met(x.restartTx() == 0));
      r.row("add one Service ms", x.services(), x.add(), at10k ? "141" : NONE, at10k ? "O(n) restore" : NONE,
          at10k ? "<= 20" : NONE, at10k ? met(x.add() <= 20) : NONE);
      r.row("one endpoint change ms", x.services(), x.change(), NONE, NONE, at10k ? "<= 20" : NONE, at10k ? met(x.change() <= 20) : NONE);
      r.row("proxy heap MiB", x.services(), x.heap(), NONE, NONE, NONE, NONE);
      boolean at30k = x.services() == 30_000;
      String within = "<= " + String.format("%.1f", x.baseline().p50() * 1.1) + " (1-Service node + 10%)";
      r.row("TCP connect via ClusterIP p50 us", x.services(), x.latency().p50(), flat ? "~14 (first packet)" : NONE,
          at30k ? "274 (first packet)" : NONE, at30k ? within : NONE, at30k ? met(x.latency().p50() <= x.baseline().p50() * 1.1) : NONE);
      r.row("TCP connect via ClusterIP p99 us", x.services(), x.latency().p99(), flat ? "~37 (first packet)" : NONE,
          at30k ? "716 (first packet)" : NONE, NONE, NONE);
      r.row("  same window, 1-Service node p50 us", x.services(), x.baseline().p50(), NONE, NONE, NONE, NONE);
      r.row("  same window, 1-Service node p99 us", x.services(), x.baseline().p99(), NONE, NONE, NONE, NONE);
    }
    r.row("TCP connect direct to pod p50 us", 0, direct.p50(), NONE, NONE, NONE, NONE);
    r.row("TCP connect direct to pod p99 us", 0, direct.p99(), NONE, NONE, NONE, NONE);
    for (Row x : rows) {
      r.note("connect_p50_ratio_" + x.services() + "_over_1_same_window", x.latency().p50() / x.baseline().p50());
      r.note("connect_p99_ratio_" + x.services() + "_over_1_same_window", x.latency().p99() / x.baseline().p99());
    }
    r.note("anchors", "kube-proxy nftables: first-packet latency flat ~14/37 us p50/p99 5k-30k Services (KEP-3866 chart), add 1 Service"
        + " at 10k ~141 ms (PR #126013), restart 10k x 2 endpoints 3 m 14 s (PR #130119); iptables: 274/716 us at 30k, restart 40 s");
    r.note("comparability", "kube-proxy's latency figure is first-packet latency; podnet's is a whole TCP connect (SYN -> SYN-ACK"
        + " through DNAT, both pods on the node), so compare it with the direct-to-pod row and across sizes, not with 14 us");
    return r;
  }

  private static String met(boolean ok) {
    return ok ? "yes" : "no";
  }
}

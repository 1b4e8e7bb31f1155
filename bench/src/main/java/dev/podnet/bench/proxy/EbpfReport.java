package dev.podnet.bench.proxy;

import dev.podnet.bench.Report;
import dev.podnet.bench.proxy.ProxyReport.Latency;
import java.util.List;

/** The eBPF benchmark's table: the socket LB beside nftables and direct-to-pod, against issue 16's goals. */
final class EbpfReport {
  private static final String NONE = "-";

  private EbpfReport() {}

  /** One size: socket-LB sync figures and the three connect latencies measured in the same rounds. */
  record Row(int services, Sync sync, Latency ebpf, Latency nftables, Latency direct) {}

  /** Socket-LB sync figures, ms; {@code *Kernel}: the part spent in bpf(). */
  record Sync(double events, double cold, double coldCpu, double coldQueued, double coldKernel, double batchWall, double batchCpu, double batchQueued,
      double restart, long restartWrites, double change, double changeKernel) {}

  static Report build(List<Row> rows) {
    Report r = new Report("ebpf", "eBPF socket LB vs nftables vs direct to the pod: a lab node with N Services x 2 endpoints",
        "measure", "services", "ebpf", "nftables", "direct", "target", "met");
    for (Row x : rows) {
      boolean at10k = x.services() == 10_000;
      Sync s = x.sync();
      r.row("events: 2 per Service, each rendering its Service, CPU ms", x.services(), s.events(), NONE, NONE, NONE, NONE);
      r.row("full sync, cold (empty maps) ms", x.services(), s.cold(), at10k ? "840 (bench/proxy, 10k)" : NONE, NONE,
          at10k ? "<= 50" : NONE, at10k ? met(s.cold() <= 50) : NONE);
      r.row("  its thread's CPU time ms", x.services(), s.coldCpu(), NONE, NONE, NONE, NONE);
      r.row("  of which waiting for a CPU (runqueue) ms", x.services(), s.coldQueued(), NONE, NONE, NONE, NONE);
      double onCpu = s.cold() - s.coldQueued();
      r.row("  wall less that wait ms", x.services(), onCpu, NONE, NONE, at10k ? "<= 50" : NONE, at10k ? met(onCpu <= 50) : NONE);
      r.row("  of which bpf() ms", x.services(), s.coldKernel(), NONE, NONE, at10k ? "<= 50" : NONE, at10k ? met(s.coldKernel() <= 50) : NONE);
      r.row("batch update alone (all entries) ms", x.services(), s.batchWall(), NONE, NONE, at10k ? "<= 50" : NONE,
          at10k ? met(s.batchWall() <= 50) : NONE);
      r.row("  its thread's CPU time ms", x.services(), s.batchCpu(), NONE, NONE, NONE, NONE);
      r.row("  of which waiting for a CPU (runqueue) ms", x.services(), s.batchQueued(), NONE, NONE, NONE, NONE);
      r.row("full sync, restart on right maps ms", x.services(), s.restart(), NONE, NONE, NONE, NONE);
      r.row("  map entries written by that restart", x.services(), s.restartWrites(), NONE, NONE, "0", met(s.restartWrites() == 0));
      r.row("one endpoint change ms", x.services(), s.change(), NONE, NONE, at10k ? "<= 1" : NONE, at10k ? met(s.change() <= 1) : NONE);
      r.row("  of which bpf() ms", x.services(), s.changeKernel(), NONE, NONE, NONE, NONE);
      String goal = "<= " + String.format("%.1f", x.direct().p50() * 1.1) + " (direct + 10%)";
      r.row("TCP connect via ClusterIP p50 us", x.services(), x.ebpf().p50(), x.nftables().p50(), x.direct().p50(), goal,
          met(x.ebpf().p50() <= x.direct().p50() * 1.1));
      r.row("TCP connect via ClusterIP p99 us", x.services(), x.ebpf().p99(), x.nftables().p99(), x.direct().p99(), NONE, NONE);
      r.note("connect_p50_ebpf_over_direct_" + x.services(), x.ebpf().p50() / x.direct().p50());
      r.note("connect_p50_nftables_over_direct_" + x.services(), x.nftables().p50() / x.direct().p50());
    }
    return r;
  }

  private static String met(boolean ok) {
    return ok ? "yes" : "no";
  }
}

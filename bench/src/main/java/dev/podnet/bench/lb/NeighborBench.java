package dev.podnet.bench.lb;

import dev.podnet.bench.Report;
import dev.podnet.kernel.Arp;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.Ip;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.MacAddress;
import dev.podnet.kernel.NamespaceSet;
import dev.podnet.kernel.Ndp;
import dev.podnet.kernel.NeighborResponder;
import dev.podnet.kernel.Netns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The user-space neighbor responders (ARP and NDP, as a LoadBalancer node's agent runs them) on
 * a veth pair between a node and a client namespace, in one run:
 * <ul>
 *   <li>takeover: from {@code announce} (gratuitous ARP, unsolicited NA) to the client's neighbor
 *       entry for the IP moving to the node's MAC, as {@code ip monitor neigh} in the client sees it;
 *   <li>answer latency: request to reply on the client's link (tcpdump's nanosecond timestamps),
 *       for the LB IP the responder answers and for the node's own address the kernel answers.
 * </ul>
 */
public final class NeighborBench {
  static final int TRIALS = 40;
  private static final String NODE_V4 = "10.250.0.2";
  private static final String NODE_V6 = "fd00::2";
  private static final String LB_V4 = "10.250.0.200";
  private static final String LB_V6 = "fd00::200";
  private static final String OLD_MAC = "0e:00:00:00:00:99";

  private final IpKernel kernel = new IpKernel();
  private final String prefix = "pb" + Long.toString(ProcessHandle.current().pid(), 36) + "-";
  private Netns node;
  private Netns client;
  private MacAddress nodeMac;

  public static void main(String[] args) throws Exception {
    NeighborBench bench = new NeighborBench();
    try {
      bench.run().printAndWrite(Path.of(args.length > 0 ? args[0] : "bench/results"));
    } finally {
      bench.kernel.deleteNetns(List.of(bench.prefix + "node", bench.prefix + "client"));
    }
  }

  private Report run() throws Exception {
    lan();
    Report report = new Report("neighbor", "Neighbor answers from user space (ARP, NDP) vs the kernel's own, and takeover to the client's"
        + " neighbor entry moving (" + TRIALS + " each, one veth pair)", "measure", "protocol", "answered_by", "samples", "p50_us", "p99_us",
        "max_us");
    try (NeighborResponder arp = Arp.packetSocket().open(node, "lan0"); NeighborResponder ndp = Ndp.packetSocket().open(node, "lan0")) {
      Set<java.net.InetAddress> held = Set.of(Ip.parse(LB_V4), Ip.parse(LB_V6));
      arp.answer(held);
      ndp.answer(held);
      List<Long> garp = takeover(arp, LB_V4);
      List<Long> na = takeover(ndp, LB_V6);
      report.row(row("takeover to client entry moved", "ARP", "podnet (gratuitous ARP)", garp));
      report.row(row("takeover to client entry moved", "NDP", "podnet (unsolicited NA)", na));
      Map<String, List<Long>> answers = answerLatencies();
      List<Long> arpKernel = answers.get(NODE_V4);
      List<Long> arpPodnet = answers.get(LB_V4);
      List<Long> ndpKernel = answers.get(NODE_V6);
      List<Long> ndpPodnet = answers.get(LB_V6);
      report.row(row("request to reply on the wire", "ARP", "kernel (node's own address)", arpKernel));
      report.row(row("request to reply on the wire", "ARP", "podnet (LB IP)", arpPodnet));
      report.row(row("request to reply on the wire", "NDP", "kernel (node's own address)", ndpKernel));
      report.row(row("request to reply on the wire", "NDP", "podnet (LB IP)", ndpPodnet));
      report.note("ARP answer p50, podnet / kernel", (double) p(arpPodnet, 50) / Math.max(1, p(arpKernel, 50)));
      report.note("NDP answer p50, podnet / kernel", (double) p(ndpPodnet, 50) / Math.max(1, p(ndpKernel, 50)));
      report.note("takeover p50, NDP / ARP", (double) p(na, 50) / Math.max(1, p(garp, 50)));
      report.note("load average at the end", Exec.run(List.of("cat", "/proc/loadavg"), null).stdout().strip());
    }
    return report;
  }

  private void lan() {
    node = kernel.ensureNetns(prefix + "node");
    client = kernel.ensureNetns(prefix + "client");
    kernel.apply(node, List.of(new IpCommand.LinkAdd(new LinkSpec.Veth("lan0", "lan1", Optional.of(client), 1500))));
    kernel.sysctl(node, Map.of("net.ipv6.conf.lan0.accept_dad", "0"));
    kernel.sysctl(client, Map.of("net.ipv6.conf.lan1.accept_dad", "0"));
    kernel.apply(node, List.of(new IpCommand.LinkUp("lan0"), new IpCommand.AddressReplace("lan0", Cidr.parse(NODE_V4 + "/24")),
        new IpCommand.AddressReplace("lan0", Cidr.parse(NODE_V6 + "/64"))));
    kernel.apply(client, List.of(new IpCommand.LinkUp("lan1"), new IpCommand.AddressReplace("lan1", Cidr.parse("10.250.0.254/24")),
        new IpCommand.AddressReplace("lan1", Cidr.parse("fd00::fe/64"))));
    nodeMac = kernel.links(node).stream().filter(l -> l.name().equals("lan0")).findFirst().orElseThrow().mac().orElseThrow();
  }

  private List<String> inClient(String... argv) {
    return new NamespaceSet(client, Optional.empty()).command(List.of(argv));
  }

  /** A process in the client whose stdout lines arrive stamped with System.nanoTime at reading. */
  private record Stamped(long at, String line) {}

  private Process follow(BlockingQueue<Stamped> lines, String... argv) throws IOException {
    Process p = new ProcessBuilder(inClient(argv)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          lines.add(new Stamped(System.nanoTime(), l));
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "bench-follow");
    t.setDaemon(true);
    t.start();
    return p;
  }

  /**
   * Per trial: the client's entry for {@code ip} points at another MAC (stale, as after the old
   * holder died), then the responder announces; the time until the kernel reports the entry at
   * this node's MAC.
   */
  private List<Long> takeover(NeighborResponder r, String ip) throws Exception {
    BlockingQueue<Stamped> lines = new LinkedBlockingQueue<>();
    Process monitor = follow(lines, "ip", "monitor", "neigh", "dev", "lan1");
    List<Long> out = new ArrayList<>();
    try {
      Thread.sleep(200);
      for (int i = 0; i < TRIALS; i++) {
        Exec.Result stale = Exec.run(inClient("ip", "neigh", "replace", ip, "lladdr", OLD_MAC, "dev", "lan1", "nud", "stale"), null);
        if (!stale.ok()) {
          throw new IllegalStateException("ip neigh replace " + ip + " in " + client + ": " + stale.stderr());
        }
        await(lines, ip, OLD_MAC, 0);
        lines.clear();
        long t0 = System.nanoTime();
        r.announce(Ip.parse(ip));
        out.add((await(lines, ip, nodeMac.value(), t0) - t0) / 1000);
      }
    } finally {
      monitor.destroy();
    }
    return out;
  }

  private static long await(BlockingQueue<Stamped> lines, String ip, String mac, long after) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < end) {
      Stamped s = lines.poll(100, TimeUnit.MILLISECONDS);
      if (s != null && s.at() >= after && s.line().startsWith(ip + " ") && s.line().contains("lladdr " + mac)) {
        return s.at();
      }
    }
    throw new IllegalStateException("the client's neighbor entry for " + ip + " never showed " + mac + " within 3 s");
  }

  /** Request-to-reply gaps on the client's link by tcpdump's timestamps, by the address asked for. */
  private Map<String, List<Long>> answerLatencies() throws Exception {
    BlockingQueue<Stamped> lines = new LinkedBlockingQueue<>();
    Process tcpdump = follow(lines, "tcpdump", "-i", "lan1", "-n", "-l", "-tt", "--time-stamp-precision=nano",
        "arp or (icmp6 and (ip6[40] == 135 or ip6[40] == 136))");
    try {
      Thread.sleep(1000); // tcpdump is listening once its filter is set; it says so only on stderr
      // one request per process, interleaved: arping's interval is whole seconds
      for (int i = 0; i < TRIALS; i++) {
        for (String ip : List.of(NODE_V4, LB_V4)) {
          Exec.run(inClient("arping", "-c", "1", "-w", "1", "-I", "lan1", ip), null);
        }
        for (String ip : List.of(NODE_V6, LB_V6)) {
          Exec.run(inClient("ndisc6", "-1", "-r", "1", "-w", "500", ip, "lan1"), null);
        }
      }
      Thread.sleep(500);
    } finally {
      tcpdump.destroy();
      tcpdump.waitFor(5, TimeUnit.SECONDS);
    }
    Thread.sleep(200);
    List<String> captured = new ArrayList<>();
    lines.forEach(s -> captured.add(s.line()));
    return WireGaps.of(captured, List.of(NODE_V4, LB_V4, NODE_V6, LB_V6));
  }

  private static Object[] row(String measure, String protocol, String by, List<Long> us) {
    return new Object[] {measure, protocol, by, us.size(), p(us, 50), p(us, 99), us.stream().mapToLong(Long::longValue).max().orElse(0)};
  }

  private static long p(List<Long> values, int percentile) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
  }
}

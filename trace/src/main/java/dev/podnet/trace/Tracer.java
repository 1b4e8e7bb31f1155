package dev.podnet.trace;

import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.Nft;
import dev.podnet.kernel.NftMonitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs one trace: resolves FROM and TO, starts {@code nft monitor} in every namespace the probe
 * may cross, installs the probe's trace table there (and waits until each monitor has seen it),
 * sends the probe, reads the kernel's reports, and removes every table and monitor again: in a
 * finally, and from a shutdown hook when the user presses Ctrl-C mid-trace.
 */
public final class Tracer {
  /** A trace as asked: FROM, TO, the port (the target's own when empty), tcp|udp|icmp, the namespace for bare pod names. */
  public record Request(String from, String to, Optional<Integer> port, String proto, String namespace) {}

  /** The probe's source ports: above Linux's ephemeral range (32768-60999), so no ordinary connection shares one. */
  static final int FIRST_PORT = 61000;
  static final int LAST_PORT = 64999;
  private static final Duration MONITOR_READY = Duration.ofSeconds(5);
  /** Reports still on their way through netlink after the probe returned. */
  private static final long SETTLE_MS = 400;

  private final ClusterView api;
  private final Nft nft;
  private final PathFacts facts;

  public Tracer(ClusterView api, Kernel kernel, Nft nft) {
    this.api = api;
    this.nft = nft;
    this.facts = new KernelFacts(kernel);
  }

  public Trace run(Request r) throws InterruptedException {
    if (!List.of("tcp", "udp", "icmp").contains(r.proto())) {
      throw new TraceException("--proto must be tcp, udp or icmp, not " + r.proto());
    }
    Resolver.Plan plan = new Resolver(api, r.namespace()).plan(r.from(), r.to(), r.proto().equals("icmp") ? Optional.of(0) : r.port(), r.proto());
    int port = ThreadLocalRandom.current().nextInt(FIRST_PORT, LAST_PORT + 1);
    Cleanup cleanup = new Cleanup(nft, TraceRules.FAMILY, TraceRules.table(port));
    Thread hook = new Thread(cleanup::run, "podnet-trace-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Map<Place, NftMonitor> monitors = arm(plan, r.proto(), port, cleanup);
      Optional<SocketLb> socketLb = SocketLb.of(plan.from(), r.proto());
      Probe.Result result = Probe.send(plan.from().netns(), socketLb.map(SocketLb::cgroup), r.proto(), port,
          Probe.address(plan.to().ip(), plan.to().port()));
      Thread.sleep(SETTLE_MS);
      Map<Place, List<TraceEvent>> events = new HashMap<>();
      monitors.forEach((place, m) -> events.put(place, events(m)));
      ProbeFlow flow = ProbeFlow.learned(plan, r.proto(), port, facts, events.getOrDefault(plan.from(), List.of()));
      Map<Place, List<Packets.Packet>> packets = new HashMap<>();
      events.forEach((place, e) -> packets.put(place, Packets.of(flow.filter(e))));
      List<Hop> hops = new Path(plan, packets, new HopBuilder(plan.to(), facts, r.proto(), port).with(socketLb), port).hops();
      if (hops.isEmpty()) {
        boolean refusedAtTheSocket = socketLb.isPresent() && result.outcome() == Probe.Outcome.REFUSED;
        hops = List.of(refusedAtTheSocket ? socketLb.get().refused(plan.from(), plan.to(), r.proto(), plan.from().ip() + ":" + port).numbered(1)
            : unsent(plan, port));
      }
      return Verdicts.judge(plan, r.proto(), hops, result);
    } finally {
      cleanup.run();
      removeHook(hook);
    }
  }

  private Map<Place, NftMonitor> arm(Resolver.Plan plan, String proto, int port, Cleanup cleanup) throws InterruptedException {
    Map<Place, NftMonitor> monitors = new java.util.LinkedHashMap<>();
    for (Place p : plan.watched()) {
      monitors.put(p, cleanup.monitor(NftMonitor.start(p.netns())));
    }
    for (Place p : plan.watched()) {
      cleanup.installed(p.netns());
      // FROM marks only the probe's port, unless it is an endpoint itself: a hairpin comes back to it masqueraded
      boolean onlyTheProbe = p.role() == Place.Role.FROM && plan.endpoints().stream().noneMatch(e -> e.startsWith(plan.from().ip() + ":"));
      nft.apply(p.netns(), onlyTheProbe ? TraceRules.fromScript(proto, port, plan.from().ip())
          : TraceRules.script(proto, port, plan.from().ip(), plan.endpoints()));
    }
    for (Map.Entry<Place, NftMonitor> m : monitors.entrySet()) {
      if (!m.getValue().awaitLine(TraceRules.table(port), MONITOR_READY)) {
        throw new TraceException("nft monitor in " + m.getKey().name() + " did not report the trace table within "
            + MONITOR_READY.toSeconds() + " s: is nftables' monitor working there (try: ip netns exec " + m.getKey().name() + " nft monitor)?");
      }
    }
    return monitors;
  }

  /** No packet left the FROM namespace: its own route lookup says why. */
  private Hop unsent(Resolver.Plan plan, int port) {
    Place from = plan.from();
    dev.podnet.kernel.RouteLookup.Result r = facts.route(from, plan.to().ip(), Optional.empty(), Optional.empty());
    String decision = r.found() ? "route: " + r.route() + ", but no packet was reported leaving" : "no route to " + plan.to().ip() + ": " + r.error();
    return new Hop(1, "request", from.node().orElse(null), from.name(), "route", r.dev().orElse(null), decision, null,
        from.ip() + ":" + port, plan.to().ip() + ":" + plan.to().port(), null, null);
  }

  private static List<TraceEvent> events(NftMonitor m) {
    List<TraceEvent> out = new ArrayList<>();
    for (NftMonitor.Line l : m.lines()) {
      TraceEvent.parse(l.text(), l.nanos()).ifPresent(out::add);
    }
    return out;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs (cleanup is idempotent)
    }
  }
}

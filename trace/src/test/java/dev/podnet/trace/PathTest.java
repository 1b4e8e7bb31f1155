package dev.podnet.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.BridgeLookup;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.RouteLookup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Real {@code nft monitor} output of two probes (recorded on a 3-node vxlan lab), walked into hops. */
class PathTest {
  static final Place A = new Place("pod/default/a", Netns.named("pn-pnt1-default.a"), Optional.of("node-1"), Place.Role.FROM, "10.244.1.3");
  static final Place NODE1 = new Place("node/node-1", Netns.named("pn-pnt1-node-1"), Optional.of("node-1"), Place.Role.FROM_NODE, "172.18.0.2");
  static final Place NODE2 = new Place("node/node-2", Netns.named("pn-pnt1-node-2"), Optional.of("node-2"), Place.Role.NODE, "172.18.0.3");
  static final Place B = new Place("pod/default/b", Netns.named("pn-pnt1-default.b"), Optional.of("node-2"), Place.Role.TARGET, "10.244.2.2");
  static final Map<String, String> SERVICES = Map.of("10.100.244.33:80", "default/hello:80", "10.107.168.21:80", "default/empty:80");
  static final Map<String, String> PODS = Map.of("10.244.1.3", "default/a", "10.244.2.2", "default/b");

  @Test
  void podToClusterIpShowsTheDnatToTheEndpointTheEncapsulationAndTheReply() throws IOException {
    Target hello = new Target("svc/default/hello", "10.100.244.33", 80, SERVICES, PODS);
    List<Hop> hops = walk("clusterip", hello, 61300);
    assertThat(hops).extracting(h -> h.namespace() + " " + h.kind()).containsExactly(
        "pn-pnt1-default.a route",
        "pn-pnt1-node-1 nft", "pn-pnt1-node-1 dnat", "pn-pnt1-node-1 conntrack", "pn-pnt1-node-1 route", "pn-pnt1-node-1 vxlan",
        "pn-pnt1-node-2 route", "pn-pnt1-node-2 bridge",
        "pn-pnt1-default.b deliver",
        "pn-pnt1-default.b route",
        "pn-pnt1-node-2 route", "pn-pnt1-node-2 vxlan",
        "pn-pnt1-node-1 conntrack", "pn-pnt1-node-1 route", "pn-pnt1-node-1 bridge",
        "pn-pnt1-default.a deliver");
    Hop dnat = hops.get(2);
    assertThat(dnat.comment()).isEqualTo("default/hello:80");
    assertThat(dnat.decision()).contains("pod default/b 10.244.2.2:8080");
    assertThat(dnat.dst()).isEqualTo("10.100.244.33:80");
    assertThat(dnat.dstAfter()).isEqualTo("10.244.2.2:8080");
    assertThat(hops.get(5).decision()).contains("VTEP 172.18.0.3");
    assertThat(hops.get(12).srcAfter()).isEqualTo("10.100.244.33:80");
    assertThat(hops).extracting(Hop::n).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    assertThat(hops.subList(0, 9)).allMatch(h -> h.direction().equals("request"));
  }

  /**
   * The same probe with another connection to the same endpoint reported beside it, as a request
   * loop makes it: its SYN-ACK has the probe's IP ID (0), flags and window, its SYN the probe's
   * IP ID; only the probe's own connection makes the hops.
   */
  @Test
  void anotherConnectionToTheSameEndpointMakesNoHop() throws IOException {
    Target hello = new Target("svc/default/hello", "10.100.244.33", 80, SERVICES, PODS);
    List<Hop> clean = walk("clusterip", hello, 61300);
    List<Hop> busy = walk("clusterip", hello, 61300, PathTest::withAnotherConnection);
    assertThat(busy).isEqualTo(clean);
    assertThat(busy).allSatisfy(h -> assertThat(h.toString()).doesNotContain("10.244.1.9").doesNotContain("45678"));
  }

  /** Each SYN and SYN-ACK of the probe to or from the endpoint, copied before it as another client's (10.244.1.9:45678), under another trace id. */
  private static List<String> withAnotherConnection(List<String> lines) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (String l : lines) {
      if (l.contains("packet:") && l.contains("10.244.2.2") && (l.contains("flags == syn ") || l.contains("flags == 0x12 "))) {
        ids.add(l.split(" ")[2]);
      }
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      String id = l.split(" ")[2];
      if (ids.contains(id)) {
        out.add(l.replace("trace id " + id, "trace id 0000" + id.substring(4)).replace("10.244.1.3", "10.244.1.9").replace("61300", "45678"));
      }
    }
    out.addAll(lines);
    return out;
  }

  @Test
  void serviceWithoutEndpointsStopsAtTheRejectAndSaysWhy() throws IOException {
    Target empty = new Target("svc/default/empty", "10.107.168.21", 80, SERVICES, PODS);
    List<Hop> hops = walk("reject", empty, 61200);
    Hop last = hops.get(hops.size() - 1);
    assertThat(last.kind()).isEqualTo("reject");
    assertThat(last.namespace()).isEqualTo("pn-pnt1-node-1");
    assertThat(last.comment()).isEqualTo("default/empty:80");
    assertThat(last.decision()).contains("no ready endpoint");
    Trace t = Verdicts.judge(new Resolver.Plan(A, empty, List.of(A, NODE1), List.of()), "tcp", hops,
        new Probe.Result(Probe.Outcome.REFUSED, "connect: Connection refused"));
    assertThat(t.verdict()).isEqualTo("rejected");
    assertThat(t.reason()).contains("Service default/empty:80 has no ready endpoint").contains("pn-pnt1-node-1");
  }

  @Test
  void aProbeThatTimesOutAfterAFailedArpIsNoRoute() {
    Trace t = timedOutTo250(arpHop("FAILED"));
    assertThat(t.verdict()).isEqualTo("no-route");
    assertThat(t.reason()).contains("ARP for 10.244.1.250");
  }

  /** Pod a's probe to 10.244.1.250, which nobody has, given up after 3 s, with these hops. */
  private static Trace timedOutTo250(Hop... hops) {
    Target nobody = new Target("10.244.1.250", "10.244.1.250", 80, SERVICES, PODS);
    return Verdicts.judge(new Resolver.Plan(A, nobody, List.of(A), List.of()), "tcp", List.of(hops),
        new Probe.Result(Probe.Outcome.NO_ANSWER, "no answer within 3 s"));
  }

  private static Hop arpHop(String state) {
    return new Hop(2, "request", "node-1", "pn-pnt1-default.a", "route", "eth0",
        "ARP for 10.244.1.250 on eth0 got no answer (neighbor " + state + "): no pod or node has this address", null, "10.244.1.3:61000",
        "10.244.1.250:80", null, null);
  }

  /** On-link from pod a, and by the time the hops are built the kernel has collected the FAILED neighbor entry. */
  @Test
  void anOnLinkDestinationWhoseNeighborEntryIsGoneFailedArp() throws IOException {
    Target hello = new Target("svc/default/hello", "10.100.244.33", 80, SERVICES, PODS);
    LabFacts lab = new LabFacts(61300);
    PathFacts onLink = new PathFacts() {
      @Override
      public RouteLookup.Result route(Place at, String dst, Optional<String> from, Optional<String> iif) {
        return at.equals(A) ? new RouteLookup.Result(dst + " dev eth0 src 10.244.1.3", "") : lab.route(at, dst, from, iif);
      }

      @Override
      public String linkKind(Place at, String dev) {
        return lab.linkKind(at, dev);
      }

      @Override
      public Optional<String> vtep(Place at, String dev, String via) {
        return lab.vtep(at, dev, via);
      }

      @Override
      public String neighborState(Place at, String dev, String ip) {
        return "none";
      }

      @Override
      public BridgeLookup.Result bridge(Place at, String bridge, String ip) {
        return lab.bridge(at, bridge, ip);
      }

      @Override
      public List<String> conntrack(Place at, String proto, int p) {
        return lab.conntrack(at, proto, p);
      }
    };
    List<Hop> hops = walk("clusterip", hello, 61300, lines -> lines, onLink);
    assertThat(hops).filteredOn(h -> h.namespace().equals("pn-pnt1-default.a") && h.direction().equals("request"))
        .extracting(Hop::decision).anyMatch(d -> d.startsWith("ARP for 10.100.244.33 on eth0 got no answer (the kernel already dropped"));
  }

  /** The probe gave up just before ARP did: the kernel's ICMP host-unreachable still comes, as a later hop. */
  @Test
  void aFailedArpDecidesNoRouteEvenWhenALaterHopFollowsIt() {
    Hop icmp = new Hop(3, "reply", "node-1", "pn-pnt1-default.a", "deliver", "lo", "reply received by the probe's socket", null,
        "10.244.1.3", "10.244.1.3", null, null);
    Trace t = timedOutTo250(arpHop("INCOMPLETE"), icmp);
    assertThat(t.verdict()).isEqualTo("no-route");
    assertThat(t.reason()).contains("hop 2 in pn-pnt1-default.a: ARP for 10.244.1.250");
    assertThat(timedOutTo250(icmp).verdict()).isEqualTo("timeout");
  }

  private static List<Hop> walk(String fixture, Target target, int port) throws IOException {
    return walk(fixture, target, port, lines -> lines);
  }

  private static List<Hop> walk(String fixture, Target target, int port, java.util.function.UnaryOperator<List<String>> reports) throws IOException {
    return walk(fixture, target, port, reports, new LabFacts(port));
  }

  private static List<Hop> walk(String fixture, Target target, int port, java.util.function.UnaryOperator<List<String>> reports, PathFacts facts)
      throws IOException {
    Resolver.Plan plan = new Resolver.Plan(A, target, List.of(A, NODE1, NODE2, B), List.of("10.244.2.2:8080"));
    ProbeFlow flow = ProbeFlow.learned(plan, "tcp", port, new LabFacts(port), List.of());
    Map<Place, List<Packets.Packet>> packets = new LinkedHashMap<>();
    for (Place p : List.of(A, NODE1, NODE2, B)) {
      String file = "traces/" + fixture + "/" + p.name() + ".txt";
      if (PathTest.class.getResource("/" + file) == null) {
        continue;
      }
      List<TraceEvent> events = new ArrayList<>();
      long t = 0;
      for (String l : reports.apply(TraceEventTest.fixture(file))) {
        TraceEvent.parse(l, t++).ifPresent(events::add);
      }
      packets.put(p, Packets.of(flow.filter(events)));
    }
    return new Path(plan, packets, new HopBuilder(target, facts, "tcp", port), port).hops();
  }

  /** The lab's kernel as it answered: pod routes via the node's bridge address, node-to-node over podnet.1. */
  record LabFacts(int port) implements PathFacts {
    @Override
    public RouteLookup.Result route(Place at, String dst, Optional<String> from, Optional<String> iif) {
      Map<String, String> routes = new HashMap<>(Map.of(
          "pn-pnt1-node-1 10.244.2.2", dst + " via 10.244.2.0 dev podnet.1", "pn-pnt1-node-2 10.244.1.3", dst + " via 10.244.1.0 dev podnet.1",
          "pn-pnt1-node-2 10.244.2.2", dst + " dev cni0", "pn-pnt1-node-1 10.244.1.3", dst + " dev cni0"));
      return new RouteLookup.Result(routes.getOrDefault(at.name() + " " + dst, dst + " via 10.244.0.1 dev eth0"), "");
    }

    @Override
    public String linkKind(Place at, String dev) {
      return switch (dev) {
        case "podnet.1" -> "vxlan";
        case "cni0" -> "bridge";
        default -> "veth";
      };
    }

    @Override
    public Optional<String> vtep(Place at, String dev, String via) {
      return Optional.of(via.equals("10.244.2.0") ? "172.18.0.3" : "172.18.0.2");
    }

    @Override
    public String neighborState(Place at, String dev, String ip) {
      return "REACHABLE";
    }

    @Override
    public BridgeLookup.Result bridge(Place at, String bridge, String ip) {
      return new BridgeLookup.Result(Optional.of("0a:58:0a:f4:02:02"), "REACHABLE", Optional.of("veth-" + ip));
    }

    @Override
    public List<String> conntrack(Place at, String proto, int p) {
      return List.of("tcp 6 119 TIME_WAIT src=10.244.1.3 dst=10.100.244.33 sport=" + port + " dport=80 src=10.244.2.2 dst=10.244.1.3 sport=8080"
          + " dport=" + port + " [ASSURED] mark=0 use=1");
    }
  }
}

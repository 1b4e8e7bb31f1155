package dev.podnet.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.BridgeLookup;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.RouteLookup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Real {@code nft monitor} output (a 3-node vxlan lab with br_netfilter) of pod b connecting to
 * its own Service: node-2 DNATs it back to b, masquerades it as the bridge's address, and the
 * bridge sends it back out b's own port, with the TTL it left with.
 */
class HairpinPathTest {
  static final Place B = new Place("pod/default/b", Netns.named("pn-htrace-default.b"), Optional.of("node-2"), Place.Role.FROM, "10.244.0.6");
  static final Place NODE2 = new Place("node/node-2", Netns.named("pn-htrace-node-2"), Optional.of("node-2"), Place.Role.FROM_NODE, "172.18.0.3");
  static final Target HELLO = new Target("svc/default/hello", "10.107.61.16", 80, Map.of("10.107.61.16:80", "default/hello:80"),
      Map.of("10.244.0.6", "default/b"));
  static final int PORT = 62000;

  @Test
  void aPodToItsOwnServiceGoesOutDnatedAndMasqueradedAtItsNodeAndBackIn() throws IOException {
    List<Hop> hops = walk();
    assertThat(hops).extracting(h -> h.direction() + " " + h.namespace() + " " + h.kind()).containsExactly(
        "request pn-htrace-default.b route",
        "request pn-htrace-node-2 nft", "request pn-htrace-node-2 dnat", "request pn-htrace-node-2 nft", "request pn-htrace-node-2 snat",
        "request pn-htrace-node-2 conntrack", "request pn-htrace-node-2 route", "request pn-htrace-node-2 bridge",
        "request pn-htrace-default.b deliver",
        "reply pn-htrace-default.b route",
        "reply pn-htrace-node-2 conntrack", "reply pn-htrace-node-2 route", "reply pn-htrace-node-2 bridge",
        "reply pn-htrace-default.b deliver");
    Hop snat = hops.get(4);
    assertThat(snat.decision()).contains("masquerade");
    assertThat(snat.src()).isEqualTo("10.244.0.6:62000");
    assertThat(snat.srcAfter()).isEqualTo("10.244.0.1:13903");
    assertThat(hops.get(3).comment()).isEqualTo("hairpin");
    assertThat(hops.get(8).src()).isEqualTo("10.244.0.1:13903");
    assertThat(hops.get(8).dst()).isEqualTo("10.244.0.6:8080");
    assertThat(hops.get(10).decision()).contains("source 10.244.0.6:8080 -> 10.107.61.16:80").contains("destination 10.244.0.1:13903 -> 10.244.0.6:62000");
    assertThat(hops.get(13).src()).isEqualTo("10.107.61.16:80");
  }

  private static List<Hop> walk() throws IOException {
    Resolver.Plan plan = new Resolver.Plan(B, HELLO, List.of(B, NODE2), List.of("10.244.0.6:8080"));
    Facts facts = new Facts();
    ProbeFlow flow = ProbeFlow.learned(plan, "tcp", PORT, facts, List.of());
    Map<Place, List<Packets.Packet>> packets = new LinkedHashMap<>();
    for (Place p : List.of(B, NODE2)) {
      List<TraceEvent> events = new ArrayList<>();
      long t = 0;
      for (String l : TraceEventTest.fixture("traces/hairpin/" + p.name() + ".txt")) {
        TraceEvent.parse(l, t++).ifPresent(events::add);
      }
      packets.put(p, Packets.of(flow.filter(events)));
    }
    return new Path(plan, packets, new HopBuilder(HELLO, facts, "tcp", PORT), PORT).hops();
  }

  /** node-2's kernel as it answered: b behind cni0, b's default route via the bridge's address. */
  static final class Facts implements PathFacts {
    @Override
    public RouteLookup.Result route(Place at, String dst, Optional<String> from, Optional<String> iif) {
      return new RouteLookup.Result(at == NODE2 ? dst + " dev cni0" : dst + " via 10.244.0.1 dev eth0", "");
    }

    @Override
    public String linkKind(Place at, String dev) {
      return dev.equals("cni0") ? "bridge" : "veth";
    }

    @Override
    public Optional<String> vtep(Place at, String dev, String via) {
      return Optional.empty();
    }

    @Override
    public String neighborState(Place at, String dev, String ip) {
      return "REACHABLE";
    }

    @Override
    public BridgeLookup.Result bridge(Place at, String bridge, String ip) {
      return new BridgeLookup.Result(Optional.of("0a:58:0a:f4:00:06"), "REACHABLE", Optional.of("vethd818439fc85"));
    }

    @Override
    public List<String> conntrack(Place at, String proto, int port) {
      return at == NODE2 && port == PORT ? List.of("tcp 6 9 CLOSE src=10.244.0.6 dst=10.107.61.16 sport=62000 dport=80 src=10.244.0.6"
          + " dst=10.244.0.1 sport=8080 dport=13903 [ASSURED] mark=0 use=1") : List.of();
    }
  }
}

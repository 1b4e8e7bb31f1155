package dev.podnet.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.bpf.Cgroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ebpf datapath's translation as the trace tells it: seen in the first packet the probe's socket sent. */
class SocketLbTest {
  static final Target HELLO = new Target("svc/default/hello", "10.100.244.33", 80, PathTest.SERVICES, PathTest.PODS);
  static final SocketLb LB = new SocketLb(new Cgroup(Path.of("/sys/fs/cgroup/podnet-pnt1/node-1")),
      "cgroup/connect4 program podnet_connect4 (id 7) on cgroup podnet-pnt1/node-1");

  private static List<TraceEvent> sent(String dst, int dport) {
    List<TraceEvent> out = new ArrayList<>();
    String packet = "trace id 1 ip podnet-trace-61300 output packet: oif \"eth0\" ip saddr 10.244.1.3 ip daddr " + dst
        + " ip ttl 64 ip id 7 tcp sport 61300 tcp dport " + dport + " tcp flags == syn tcp window 64240";
    TraceEvent.parse(packet, 0).ifPresent(out::add);
    TraceEvent.parse(packet.replace(" output packet", " postrouting packet"), 1).ifPresent(out::add);
    return out;
  }

  @Test
  void aFirstPacketAlreadyAddressedToAnEndpointIsTheSocketsTranslationNotADnat() {
    List<TraceEvent> events = sent("10.244.2.2", 8080);
    Resolver.Plan plan = new Resolver.Plan(PathTest.A, HELLO, List.of(PathTest.A), List.of("10.244.2.2:8080"));
    ProbeFlow flow = ProbeFlow.learned(plan, "tcp", 61300, new PathTest.LabFacts(61300), events);
    Packets.Packet p = Packets.of(flow.filter(events)).get(0);
    List<Hop> hops = new HopBuilder(HELLO, new PathTest.LabFacts(61300), "tcp", 61300).with(Optional.of(LB)).hops(PathTest.A, p, true);
    Hop socket = hops.get(0);
    assertThat(socket.kind()).isEqualTo("socket");
    assertThat(socket.comment()).isEqualTo("default/hello:80");
    assertThat(socket.dst()).isEqualTo("10.100.244.33:80");
    assertThat(socket.dstAfter()).isEqualTo("10.244.2.2:8080");
    assertThat(socket.decision()).contains("connect() to 10.100.244.33:80 translated at the socket by cgroup/connect4 program podnet_connect4")
        .contains("pod default/b 10.244.2.2:8080");
    assertThat(hops).extracting(Hop::kind).doesNotContain("dnat");
  }

  @Test
  void aFirstPacketToTheClusterIpItselfIsNoSocketTranslation() {
    List<TraceEvent> events = sent("10.100.244.33", 80);
    Packets.Packet p = Packets.of(events).get(0);
    List<Hop> hops = new HopBuilder(HELLO, new PathTest.LabFacts(61300), "tcp", 61300).with(Optional.of(LB)).hops(PathTest.A, p, true);
    assertThat(hops).extracting(Hop::kind).doesNotContain("socket");
  }

  @Test
  void aRefusedConnectWithNoPacketIsTheSocketLevelReject() {
    Target empty = new Target("svc/default/empty", "10.107.168.21", 80, PathTest.SERVICES, PathTest.PODS);
    Hop h = LB.refused(PathTest.A, empty, "tcp", "10.244.1.3:61300");
    assertThat(h.stops()).isTrue();
    assertThat(h.decision()).contains("refused by cgroup/connect4").contains("Service default/empty:80 has no ready endpoint");
  }
}

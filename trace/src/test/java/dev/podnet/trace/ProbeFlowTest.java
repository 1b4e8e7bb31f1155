package dev.podnet.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeFlowTest {
  private static final String SYN = "trace id %s ip podnet-trace prerouting packet: iif \"cni0\" ip saddr %s ip daddr %s ip ttl 64 ip id 0"
      + " tcp sport %d tcp dport %d tcp flags == syn tcp window 64240";

  private static ConntrackEntry entry(String line) {
    return ConntrackEntry.parse(line).orElseThrow();
  }

  @Test
  void aClusterIpsDnatAddsTheConnectionToTheEndpointAndNothingElse() {
    ProbeFlow f = ProbeFlow.of("tcp", "10.244.1.3", 61300, "10.96.0.20", 80);
    assertThat(f.learn(entry("tcp 6 9 CLOSE src=10.244.1.9 dst=10.96.0.20 sport=45678 dport=80 src=10.244.2.2 dst=10.244.1.9 sport=8080 dport=45678"))).isFalse();
    assertThat(f.learn(entry("tcp 6 9 CLOSE src=10.244.1.3 dst=10.96.0.20 sport=61300 dport=80 src=10.244.2.2 dst=10.244.1.3 sport=8080 dport=61300"))).isTrue();
    assertThat(f.tuples()).containsExactlyInAnyOrder(new ProbeFlow.Tuple("10.244.1.3:61300", "10.96.0.20:80"),
        new ProbeFlow.Tuple("10.244.1.3:61300", "10.244.2.2:8080"));
    assertThat(f.sourcePorts()).containsExactly(61300);
  }

  @Test
  void aMasqueradesNewPortIsFollowedToTheNextNamespace() {
    ProbeFlow f = ProbeFlow.of("tcp", "172.18.0.2", 61300, "172.18.0.4", 30080);
    f.learn(entry("tcp 6 9 CLOSE src=172.18.0.2 dst=172.18.0.4 sport=61300 dport=30080 src=10.244.2.2 dst=10.244.3.0 sport=8080 dport=27001"));
    assertThat(f.sourcePorts()).containsExactlyInAnyOrder(61300, 27001);
    assertThat(f.owns(PacketFields.parse("ip saddr 10.244.3.0 ip daddr 10.244.2.2 tcp sport 27001 tcp dport 8080 tcp flags == syn")))
        .isTrue();
    assertThat(f.owns(PacketFields.parse("ip saddr 10.244.2.2 ip daddr 10.244.3.0 tcp sport 8080 tcp dport 27001 tcp flags == 0x12")))
        .as("the reply, the other way round").isTrue();
    assertThat(f.owns(PacketFields.parse("ip saddr 10.244.3.0 ip daddr 10.244.2.2 tcp sport 27002 tcp dport 8080 tcp flags == syn")))
        .as("another masqueraded connection to the same endpoint").isFalse();
  }

  @Test
  void anotherConnectionsPacketsAndTheirRulesAreLeftOut() {
    ProbeFlow f = ProbeFlow.of("tcp", "10.244.1.3", 61300, "10.244.2.2", 8080);
    List<TraceEvent> events = List.of(
        TraceEvent.parse(SYN.formatted("aa", "10.244.1.9", "10.244.2.2", 45678, 8080), 0).orElseThrow(),
        TraceEvent.parse("trace id aa ip podnet services rule jump x comment \"default/hello:80\" (verdict jump x)", 1).orElseThrow(),
        TraceEvent.parse(SYN.formatted("bb", "10.244.1.3", "10.244.2.2", 61300, 8080), 2).orElseThrow(),
        TraceEvent.parse("trace id bb ip podnet-trace prerouting policy accept", 3).orElseThrow(),
        TraceEvent.parse("trace id aa ip podnet-trace prerouting policy accept", 4).orElseThrow());
    assertThat(f.filter(events)).extracting(TraceEvent::id).containsExactly("bb", "bb");
  }

  @Test
  void anIcmpErrorToTheProbesAddressIsTheProbes() {
    ProbeFlow f = ProbeFlow.of("udp", "10.244.1.3", 61300, "10.244.2.2", 9);
    assertThat(f.owns(PacketFields.parse("ip saddr 10.244.2.2 ip daddr 10.244.1.3 icmp type destination-unreachable icmp code port-unreachable")))
        .isTrue();
    assertThat(f.owns(PacketFields.parse("ip saddr 10.244.2.2 ip daddr 10.244.1.9 icmp type destination-unreachable icmp code port-unreachable")))
        .isFalse();
  }
}

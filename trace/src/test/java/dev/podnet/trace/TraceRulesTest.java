package dev.podnet.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceRulesTest {
  @Test
  void theFromNamespaceMarksOnlyTheProbesOwnPort() {
    String s = TraceRules.fromScript("tcp", 61234, "10.244.1.3");
    assertThat(s).contains("table ip podnet-trace-61234 {").contains("th sport 61234 meta nftrace set 1").contains("th dport 61234 meta nftrace set 1")
        .contains("ct original proto-src 61234").doesNotContain("ip daddr");
    assertThat(s).contains("type filter hook prerouting priority -350").contains("type filter hook postrouting priority 350");
  }

  @Test
  void pastTheFromNamespaceTheEndpointsFlowsAreMarkedToo() {
    String s = TraceRules.script("udp", 61234, "10.244.1.3", List.of("10.244.2.2:8081"));
    assertThat(s).contains("ip daddr 10.244.2.2 meta l4proto udp th dport 8081 meta nftrace set 1")
        .contains("ip saddr 10.244.2.2 meta l4proto udp th sport 8081 meta nftrace set 1");
  }

  @Test
  void aBusyEndpointsTcpIsMarkedOnlyWhereConnectionsOpenOrAreRefused() {
    String s = TraceRules.script("tcp", 61234, "10.244.1.3", List.of("10.244.2.2:8080"));
    assertThat(s).contains("ip daddr 10.244.2.2 meta l4proto tcp th dport 8080 tcp flags & (syn | rst) != 0 meta nftrace set 1")
        .contains("ip saddr 10.244.2.2 meta l4proto tcp th sport 8080 tcp flags & (syn | rst) != 0 meta nftrace set 1")
        .contains("meta l4proto tcp th sport 61234 meta nftrace set 1");
  }

  @Test
  void anEchoIsMarkedBySenderAndType() {
    String s = TraceRules.fromScript("icmp", 61234, "10.244.1.3");
    assertThat(s).contains("ip saddr 10.244.1.3 icmp type echo-request").contains("icmp type echo-reply ip daddr 10.244.1.3").doesNotContain("sport");
  }

  @Test
  void theScriptReplacesALeftoverTableOfTheSamePort() {
    assertThat(TraceRules.fromScript("tcp", 61234, "10.244.1.3")).startsWith("table ip podnet-trace-61234\ndelete table ip podnet-trace-61234\n");
  }
}

package dev.podnet.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TraceEventTest {
  static final String SYN = "trace id 4c26bf82 ip podnet nat-prerouting packet: iif \"cni0\" ether saddr 0a:58:0a:f4:01:03 ether daddr 0a:58:0a:f4:01:01"
      + " ip saddr 10.244.1.3 ip daddr 10.100.244.33 ip dscp cs0 ip ecn not-ect ip ttl 64 ip id 20693 ip length 60 tcp sport 61111 tcp dport 80"
      + " tcp flags == syn tcp window 64860 ";

  @Test
  void aPacketLineNamesTheHeadersAHopShows() {
    TraceEvent e = TraceEvent.parse(SYN, 7).orElseThrow();
    assertThat(e.type()).isEqualTo(TraceEvent.Type.PACKET);
    assertThat(e.table()).isEqualTo("podnet");
    assertThat(e.chain()).isEqualTo("nat-prerouting");
    PacketFields f = e.packet();
    assertThat(f.iif()).contains("cni0");
    assertThat(f.oif()).isEmpty();
    assertThat(f.source()).isEqualTo("10.244.1.3:61111");
    assertThat(f.destination()).isEqualTo("10.100.244.33:80");
    assertThat(f.ttl()).isEqualTo(64);
    assertThat(f.key()).isEqualTo("tcp/20693/syn/64860/");
  }

  @Test
  void aRuleLineGivesItsCommentAndVerdict() {
    TraceEvent e = TraceEvent.parse("trace id 4c26bf82 ip podnet pick-tcp-1 rule dnat ip to ip daddr . tcp dport . numgen random mod 1 map"
        + " @endpoints-tcp comment \"one of 1 endpoints\" (verdict accept)", 1).orElseThrow();
    assertThat(e.comment()).contains("one of 1 endpoints");
    assertThat(e.verdict()).isEqualTo("accept");
    assertThat(e.rule()).startsWith("dnat ip to").doesNotContain("verdict");
    assertThat(e.rejects()).isFalse();
    assertThat(e.drops()).isFalse();
  }

  @Test
  void rejectIsTellingFromDrop() {
    TraceEvent reject = TraceEvent.parse("trace id 3fded5d9 ip podnet reject-chain rule reject with tcp reset (verdict drop)", 1).orElseThrow();
    TraceEvent policyDrop = TraceEvent.parse("trace id 3fded5d9 ip filter forward policy drop ", 1).orElseThrow();
    assertThat(reject.rejects()).isTrue();
    assertThat(reject.drops()).isFalse();
    assertThat(policyDrop.drops()).isTrue();
  }

  @Test
  void ruleSetChangesAndWarningsAreNoTraceEvents() {
    assertThat(TraceEvent.parse("add table ip podnet-trace-61111", 1)).isEmpty();
    assertThat(TraceEvent.parse("W: Unable to cache set_elem. Set not found.", 1)).isEmpty();
    assertThat(TraceEvent.parse("", 1)).isEmpty();
  }

  /** Fuzz: mutated and truncated real lines never throw; whatever parses yields fields without throwing either. */
  @Test
  void mutatedMonitorOutputNeverThrows() throws IOException {
    List<String> real = fixture("traces/clusterip/pn-pnt1-node-1.txt");
    Random random = new Random(15);
    String alphabet = " \"=()@.:/-_0123456789abcdefxyz\ttrace id packet: rule verdict policy ip tcp sport dport ttl flags ==";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder b = new StringBuilder(real.get(random.nextInt(real.size())));
      for (int m = random.nextInt(6); m > 0; m--) {
        int at = b.isEmpty() ? 0 : random.nextInt(b.length());
        switch (random.nextInt(3)) {
          case 0 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> b.setLength(at);
          default -> { if (!b.isEmpty()) { b.deleteCharAt(at); } }
        }
      }
      Optional<TraceEvent> e = TraceEvent.parse(b.toString(), i);
      e.ifPresent(x -> {
        x.packet().key();
        x.packet().source();
        x.comment();
        x.verdict();
        x.rejects();
        x.drops();
      });
    }
  }

  static List<String> fixture(String name) throws IOException {
    try (InputStream in = TraceEventTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}

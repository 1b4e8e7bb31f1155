package dev.podnet.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConntrackEntryTest {
  static final String DNAT = "tcp      6 119 TIME_WAIT src=10.244.1.3 dst=10.100.244.33 sport=61111 dport=80 src=10.244.2.2 dst=10.244.1.3"
      + " sport=8080 dport=61111 [ASSURED] mark=0 use=1";

  @Test
  void theReplyTupleShowsTheDnat() {
    ConntrackEntry e = ConntrackEntry.parse(DNAT).orElseThrow();
    assertThat(e.state()).isEqualTo("TIME_WAIT");
    assertThat(e.origSrc()).isEqualTo("10.244.1.3:61111");
    assertThat(e.origDst()).isEqualTo("10.100.244.33:80");
    assertThat(e.replySrc()).isEqualTo("10.244.2.2:8080");
    assertThat(e.dnat()).isTrue();
    assertThat(e.snat()).isFalse();
    assertThat(e.summary()).isEqualTo("tcp TIME_WAIT 10.244.1.3:61111 -> 10.100.244.33:80, reply 10.244.2.2:8080 -> 10.244.1.3:61111");
  }

  @Test
  void aMasqueradeShowsAsSnat() {
    ConntrackEntry e = ConntrackEntry.parse("tcp 6 9 CLOSE src=172.18.0.2 dst=172.18.0.4 sport=64240 dport=30080 src=10.244.2.2"
        + " dst=10.244.0.0 sport=8080 dport=38897 mark=0 use=1").orElseThrow();
    assertThat(e.snat()).isTrue();
    assertThat(e.replyDst()).isEqualTo("10.244.0.0:38897");
  }

  @Test
  void icmpEntriesHaveNoPorts() {
    ConntrackEntry e = ConntrackEntry.parse("icmp     1 29 src=10.244.1.3 dst=10.244.2.2 type=8 code=0 id=7 src=10.244.2.2 dst=10.244.1.3"
        + " type=0 code=0 id=7 mark=0 use=1").orElseThrow();
    assertThat(e.origDst()).isEqualTo("10.244.2.2");
    assertThat(e.dnat()).isFalse();
  }

  @Test
  void summaryLinesAreNoEntries() {
    assertThat(ConntrackEntry.parse("conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.")).isEmpty();
  }

  /** Fuzz: mutated entries parse or not, never throw. */
  @Test
  void mutatedEntriesNeverThrow() {
    Random random = new Random(15);
    String alphabet = " =srcdtpo.:0123456789[]ASURED_";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder b = new StringBuilder(DNAT);
      for (int m = random.nextInt(8); m > 0; m--) {
        int at = random.nextInt(b.length() + 1);
        if (random.nextBoolean() && at < b.length()) {
          b.deleteCharAt(at);
        } else {
          b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      ConntrackEntry.parse(b.toString()).ifPresent(e -> {
        e.summary();
        e.dnat();
      });
    }
  }
}

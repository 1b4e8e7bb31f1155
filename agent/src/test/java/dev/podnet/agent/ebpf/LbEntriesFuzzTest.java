package dev.podnet.agent.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.agent.ebpf.LbEntries.Backend;
import dev.podnet.agent.ebpf.LbEntries.BackendKey;
import dev.podnet.agent.ebpf.LbEntries.Frontend;
import dev.podnet.agent.ebpf.LbEntries.MalformedEntry;
import dev.podnet.agent.ebpf.LbEntries.ServiceValue;
import dev.podnet.kernel.Ip;
import dev.podnet.kernel.bpf.Bytes;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The map decoders read what anyone may write with bpftool: random and mutated bytes fail only as MalformedEntry. */
class LbEntriesFuzzTest {
  private static final List<Function<Bytes, ?>> PARSERS = List.of(Frontend::parse, ServiceValue::parse, BackendKey::parse, Backend::parse);

  @Test
  void encodedEntriesDecodeToThemselves() {
    Frontend f = new Frontend(Ip.parse("10.96.0.50"), 65535, LbEntries.PROTO_UDP);
    assertThat(Frontend.parse(f.bytes())).isEqualTo(f);
    assertThat(f.bytes().toString()).isEqualTo("0a 60 00 32 ff ff 11 00");
    ServiceValue v = new ServiceValue(7, 65535, 10800);
    assertThat(ServiceValue.parse(v.bytes())).isEqualTo(v);
    assertThat(BackendKey.parse(new BackendKey(-1, 3).bytes())).isEqualTo(new BackendKey(-1, 3));
    Backend b = new Backend(Ip.parse("10.244.2.7"), 8080);
    assertThat(Backend.parse(b.bytes())).isEqualTo(b);
    assertThat(b.bytes().toString()).isEqualTo("0a f4 02 07 1f 90 00 00");
  }

  @Test
  void randomAndMutatedBytesNeverThrowAnythingButMalformedEntry() {
    Random r = new Random(16);
    List<Bytes> seeds = List.of(new Frontend(Ip.parse("10.96.0.1"), 443, 6).bytes(), new ServiceValue(1, 2, 0).bytes(),
        new BackendKey(1, 0).bytes(), new Backend(Ip.parse("10.244.0.2"), 53).bytes());
    for (int i = 0; i < 20_000; i++) {
      byte[] b;
      if (i % 2 == 0) {
        b = new byte[r.nextInt(20)];
        r.nextBytes(b);
      } else {
        b = seeds.get(r.nextInt(seeds.size())).bytes();
        if (b.length > 0) {
          b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        }
      }
      Bytes in = Bytes.of(b);
      for (Function<Bytes, ?> p : PARSERS) {
        try {
          p.apply(in);
        } catch (MalformedEntry expected) {
          // the parser's own error: fine
        }
      }
    }
  }

  @Test
  void aWrongSizeOrANonZeroPadIsMalformed() {
    assertThatThrownBy(() -> Frontend.parse(Bytes.of(new byte[7]))).isInstanceOf(MalformedEntry.class).hasMessageContaining("service key");
    assertThatThrownBy(() -> Frontend.parse(Bytes.of(new byte[] {10, 96, 0, 1, 0, 80, 6, 1}))).isInstanceOf(MalformedEntry.class);
  }
}

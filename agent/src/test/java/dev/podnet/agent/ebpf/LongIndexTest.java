package dev.podnet.agent.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIndexTest {
  @Test
  void agreesWithAHashMapOnKeysThatDifferInFewBytesAndOnRandomOnes() {
    Random r = new Random(16);
    for (int round = 0; round < 50; round++) {
      int n = 1 + r.nextInt(3000);
      LongIndex index = new LongIndex(n);
      Map<Long, Integer> expected = new HashMap<>();
      for (int i = 0; i < n; i++) {
        long key = round % 2 == 0 ? LbEntries.backendKey(r.nextInt(500), r.nextInt(4)) : r.nextLong();
        index.put(key, i);
        expected.put(key, i);
      }
      expected.forEach((k, v) -> assertThat(index.get(k)).isEqualTo(v));
      for (int i = 0; i < 200; i++) {
        long other = r.nextLong();
        assertThat(index.get(other)).isEqualTo(expected.getOrDefault(other, -1));
      }
    }
  }
}

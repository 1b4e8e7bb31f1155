package dev.podnet.kernel.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelException;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.KernelTestSupport;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A hash map made by bpftool, written and read back through bpf() as the agent does. */
@KernelTest
class PinnedMapIT {
  private Bpffs fs;
  private Path dir;

  @BeforeEach
  void map() throws Exception {
    fs = Bpffs.ensureMounted(Bpffs.DEFAULT);
    dir = fs.mountPoint().resolve("pne-" + KernelTestSupport.prefix() + "map");
    Files.createDirectories(dir);
    Exec.Result r = Exec.run(List.of("bpftool", "map", "create", dir.resolve("m").toString(), "type", "hash", "key", "8", "value", "4",
        "entries", "100000", "name", "pne_test"), null);
    assertThat(r.ok()).as(r.stderr()).isTrue();
  }

  @AfterEach
  void unpin() {
    BpfPrograms.tool().unpin(dir);
    fs.unmountIfPodnetsAndEmpty();
    assertThat(Files.exists(dir)).isFalse();
  }

  private static Bytes key(long k) {
    return Bytes.of(ByteBuffer.allocate(8).putLong(k).array());
  }

  private static Bytes value(int v) {
    return Bytes.of(ByteBuffer.allocate(4).putInt(v).array());
  }

  @Test
  void singleWritesAreSeenByBpftoolAndDeletesOfAbsentKeysSucceed() {
    try (BpfMap m = BpfMap.pinned(dir.resolve("m"), 8, 4)) {
      m.update(key(1), value(7));
      assertThat(m.lookup(key(1))).contains(value(7));
      assertThat(m.lookup(key(2))).isEmpty();
      String dump = Exec.run(List.of("bpftool", "map", "dump", "pinned", dir.resolve("m").toString()), null).stdout();
      assertThat(dump).contains("00 00 00 07");
      m.delete(key(1));
      m.delete(key(1));
      assertThat(m.entries()).isEmpty();
    }
  }

  @Test
  void batchUpdateWritesTensOfThousandsAndTheDumpReadsThemAllBack() {
    Map<Bytes, Bytes> all = new LinkedHashMap<>();
    for (int i = 0; i < 30_000; i++) {
      all.put(key(i), value(i * 3));
    }
    try (BpfMap m = BpfMap.pinned(dir.resolve("m"), 8, 4)) {
      m.updateAll(all);
      assertThat(m.entries()).isEqualTo(all);
      m.deleteAll(List.of(key(5), key(999_999)));
      assertThat(m.entries()).hasSize(29_999).doesNotContainKey(key(5));
    }
  }

  @Test
  void oneBatchOfThirtyThousandEntriesFromBuffersTheSnapshotReadsBackAndBatchDeletesSkipAbsentKeys() {
    Entries batch = new Entries(8, 4, 0);
    for (int i = 0; i < 30_000; i++) {
      batch.putValueInt(batch.add(i * 7919L), 0, i);
    }
    try (BpfMap m = BpfMap.pinned(dir.resolve("m"), 8, 4)) {
      m.updateBatch(batch);
      Entries back = m.snapshot();
      assertThat(back.count()).isEqualTo(30_000);
      Map<Long, Integer> read = new java.util.HashMap<>();
      for (int i = 0; i < back.count(); i++) {
        read.put(back.key(i), back.valueInt(i, 0));
      }
      for (int i = 0; i < 30_000; i++) {
        assertThat(read.get(i * 7919L)).isEqualTo(i);
      }
      Entries gone = new Entries(8, 4, 0);
      gone.add(7919L);
      gone.add(-1L);
      m.deleteBatch(gone);
      assertThat(m.snapshot().count()).isEqualTo(29_999);
      assertThat(m.entries()).doesNotContainKey(gone.keyBytes(0));
    }
  }

  @Test
  void aMapOfOtherSizesIsRefusedWithBothSizesInTheMessage() {
    assertThatThrownBy(() -> BpfMap.pinned(dir.resolve("m"), 12, 4)).isInstanceOf(KernelException.class)
        .hasMessageContaining("8-byte keys").hasMessageContaining("12");
    assertThatThrownBy(() -> BpfMap.pinned(dir.resolve("absent"), 8, 4)).isInstanceOf(KernelException.class)
        .hasMessageContaining("absent");
  }
}

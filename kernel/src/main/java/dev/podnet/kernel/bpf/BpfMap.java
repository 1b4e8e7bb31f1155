package dev.podnet.kernel.bpf;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One BPF map, by key and value bytes (the layouts belong to whoever wrote the program). Every
 * write is idempotent: {@link #update} creates or replaces, {@link #delete} of an absent key
 * succeeds.
 */
public interface BpfMap extends AutoCloseable {

  /** The map pinned at {@code pin}, checked to have these key and value sizes. */
  static BpfMap pinned(Path pin, int keySize, int valueSize) {
    return PinnedMap.open(pin, keySize, valueSize);
  }

  /** An in-memory map for tests: same contract, no kernel. */
  static BpfMap fake(String name, int keySize, int valueSize) {
    return new FakeMap(name, keySize, valueSize);
  }

  String name();

  int keySize();

  int valueSize();

  Optional<Bytes> lookup(Bytes key);

  void update(Bytes key, Bytes value);

  void delete(Bytes key);

  /** Creates or replaces all of {@code entries} in one bpf() call. */
  void updateAll(Map<Bytes, Bytes> entries);

  /** Deletes every key of {@code keys}; absent ones count as deleted. */
  void deleteAll(Iterable<Bytes> keys);

  /** Everything the map holds now. */
  Map<Bytes, Bytes> entries();

  /** Everything the map holds now, into buffers (no object per entry: what a full sync reads). */
  Entries snapshot();

  /** Creates or replaces all of {@code entries} with one bpf() call. */
  void updateBatch(Entries entries);

  /** Deletes every key of {@code keys} (their values are ignored); absent ones count as deleted. */
  void deleteBatch(Entries keys);

  @Override
  void close();

  /** The size check of a batch. */
  static void checkSizes(BpfMap m, Entries e) {
    if (e.keySize() != m.keySize() || e.valueSize() != m.valueSize()) {
      throw new IllegalArgumentException("bpf map " + m.name() + " takes " + m.keySize() + "-byte keys and " + m.valueSize()
          + "-byte values, got a batch of " + e.keySize() + "-byte keys and " + e.valueSize() + "-byte values");
    }
  }

  /** The size check every implementation makes before it writes. */
  static void checkSizes(BpfMap m, Bytes key, Bytes value) {
    if (key.length() != m.keySize() || (value != null && value.length() != m.valueSize())) {
      throw new IllegalArgumentException("bpf map " + m.name() + " takes " + m.keySize() + "-byte keys and " + m.valueSize()
          + "-byte values, got key " + key + (value == null ? "" : " value " + value));
    }
  }
}

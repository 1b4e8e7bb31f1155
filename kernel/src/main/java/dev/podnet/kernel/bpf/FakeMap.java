package dev.podnet.kernel.bpf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The stateful fake: a hash map that counts bpf() calls as the real one would make them. */
public final class FakeMap implements BpfMap {
  private final String name;
  private final int keySize;
  private final int valueSize;
  private final Map<Bytes, Bytes> entries = new LinkedHashMap<>();
  private int writes;

  public FakeMap(String name, int keySize, int valueSize) {
    this.name = name;
    this.keySize = keySize;
    this.valueSize = valueSize;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int keySize() {
    return keySize;
  }

  @Override
  public int valueSize() {
    return valueSize;
  }

  @Override
  public synchronized Optional<Bytes> lookup(Bytes key) {
    return Optional.ofNullable(entries.get(key));
  }

  @Override
  public synchronized void update(Bytes key, Bytes value) {
    BpfMap.checkSizes(this, key, value);
    entries.put(key, value);
    writes++;
  }

  @Override
  public synchronized void delete(Bytes key) {
    BpfMap.checkSizes(this, key, null);
    entries.remove(key);
    writes++;
  }

  @Override
  public synchronized void updateAll(Map<Bytes, Bytes> all) {
    all.forEach((k, v) -> BpfMap.checkSizes(this, k, v));
    entries.putAll(all);
    writes += all.size();
  }

  @Override
  public synchronized void deleteAll(Iterable<Bytes> keys) {
    for (Bytes k : keys) {
      delete(k);
    }
  }

  @Override
  public synchronized Map<Bytes, Bytes> entries() {
    return new LinkedHashMap<>(entries);
  }

  @Override
  public synchronized Entries snapshot() {
    Entries out = new Entries(keySize, valueSize, entries.size());
    entries.forEach(out::add);
    return out;
  }

  @Override
  public synchronized void updateBatch(Entries batch) {
    BpfMap.checkSizes(this, batch);
    for (int i = 0; i < batch.count(); i++) {
      entries.put(batch.keyBytes(i), batch.valueBytes(i));
    }
    writes += batch.count();
  }

  @Override
  public synchronized void deleteBatch(Entries keys) {
    BpfMap.checkSizes(this, keys);
    for (int i = 0; i < keys.count(); i++) {
      entries.remove(keys.keyBytes(i));
    }
    writes += keys.count();
  }

  /** How many entries were written or deleted since the map was made (what a test of "rewrites only" counts). */
  public synchronized int writes() {
    return writes;
  }

  /** {@code bpftool map dump}-like text, sorted by key. */
  public synchronized String dump() {
    StringBuilder b = new StringBuilder();
    new TreeMap<String, Bytes>(entries.entrySet().stream().collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue)))
        .forEach((k, v) -> b.append("key: ").append(k).append("  value: ").append(v).append('\n'));
    return b.toString();
  }

  @Override
  public void close() {}
}

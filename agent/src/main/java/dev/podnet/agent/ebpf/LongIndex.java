package dev.podnet.agent.ebpf;

import java.util.Arrays;

/**
 * 8-byte map keys (as longs) → an index, open addressing over two arrays: a full sync looks up
 * tens of thousands of keys without boxing a Long or making a map node per entry.
 */
final class LongIndex {
  private static final int NONE = -1;
  private final long[] keys;
  private final int[] values;
  private final int mask;

  LongIndex(int expected) {
    int cap = Integer.highestOneBit(Math.max(expected, 8) * 2 - 1) << 1;
    keys = new long[cap];
    values = new int[cap];
    Arrays.fill(values, NONE);
    mask = cap - 1;
  }

  /** Maps {@code key} to {@code value} (≥ 0), replacing what it mapped to. At most {@code expected} keys. */
  void put(long key, int value) {
    int i = slot(key);
    while (values[i] != NONE && keys[i] != key) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** What {@code key} maps to, or -1. */
  int get(long key) {
    int i = slot(key);
    while (values[i] != NONE) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return NONE;
  }

  private int slot(long key) {
    // murmur3's finalizer: map keys differ in a few bytes (an address octet, a slot), which
    // Arrays.hashCode-style sums collide on
    long h = key;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h & mask;
  }
}

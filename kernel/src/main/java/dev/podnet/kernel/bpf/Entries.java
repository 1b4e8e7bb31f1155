package dev.podnet.kernel.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Entries of one map laid out as bpf()'s batch commands take them: {@code count} keys back to
 * back in {@code keys}, their values likewise in {@code values}, in direct buffers of the host's
 * byte order. A full sync of tens of thousands of entries then costs no object per entry, and
 * the buffers go to the kernel as they are. Appending grows the buffers; reading is by index.
 */
public final class Entries {
  private final int keySize;
  private final int valueSize;
  private ByteBuffer keys;
  private ByteBuffer values;
  private int count;

  public Entries(int keySize, int valueSize, int capacity) {
    this.keySize = keySize;
    this.valueSize = valueSize;
    int c = Math.max(capacity, 16);
    this.keys = allocate(c * keySize);
    this.values = allocate(c * valueSize);
  }

  private static ByteBuffer allocate(int bytes) {
    return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
  }

  public int keySize() {
    return keySize;
  }

  public int valueSize() {
    return valueSize;
  }

  public int count() {
    return count;
  }

  /** The keys, {@code count() * keySize()} bytes from position 0 (shared, not a copy: for the adapter). */
  ByteBuffer keys() {
    return keys;
  }

  ByteBuffer values() {
    return values;
  }

  /** Room for {@code n} more entries; returns the index of the first. */
  public int grow(int n) {
    if ((count + n) * keySize > keys.capacity()) {
      int c = Math.max((count + n) * 2, 16);
      keys = copy(keys, c * keySize, count * keySize);
      values = copy(values, c * valueSize, count * valueSize);
    }
    int first = count;
    count += n;
    return first;
  }

  private static ByteBuffer copy(ByteBuffer from, int capacity, int used) {
    ByteBuffer to = allocate(capacity);
    to.put(0, from, 0, used);
    return to;
  }

  /** Appends an 8-byte key (its bytes as a host-order long) and returns its index; the value is left zero. */
  public int add(long key) {
    int i = grow(1);
    keys.putLong(i * keySize, key);
    for (int b = 0; b < valueSize; b++) {
      values.put(i * valueSize + b, (byte) 0);
    }
    return i;
  }

  /** Appends entry {@code i} of {@code other} (same sizes). */
  public void add(Entries other, int i) {
    int j = grow(1);
    keys.put(j * keySize, other.keys, i * keySize, keySize);
    values.put(j * valueSize, other.values, i * valueSize, valueSize);
  }

  /** Keeps the first {@code n} entries (the adapter after a dump call filled fewer than it made room for). */
  void truncate(int n) {
    count = n;
  }

  public void clear() {
    count = 0;
  }

  /** Key {@code i} of an 8-byte-key map, its bytes as a host-order long. */
  public long key(int i) {
    return keys.getLong(i * keySize);
  }

  public long valueLong(int i, int offset) {
    return values.getLong(i * valueSize + offset);
  }

  public int valueInt(int i, int offset) {
    return values.getInt(i * valueSize + offset);
  }

  public Entries putValueLong(int i, int offset, long v) {
    values.putLong(i * valueSize + offset, v);
    return this;
  }

  public Entries putValueShort(int i, int offset, short v) {
    values.putShort(i * valueSize + offset, v);
    return this;
  }

  public Entries putValueInt(int i, int offset, int v) {
    values.putInt(i * valueSize + offset, v);
    return this;
  }

  /** Whether value {@code i} holds the same bytes as value {@code j} of {@code other}. */
  public boolean sameValue(int i, Entries other, int j) {
    int a = i * valueSize;
    int b = j * other.valueSize;
    int k = 0;
    for (; k + 8 <= valueSize; k += 8) {
      if (values.getLong(a + k) != other.values.getLong(b + k)) {
        return false;
      }
    }
    for (; k < valueSize; k++) {
      if (values.get(a + k) != other.values.get(b + k)) {
        return false;
      }
    }
    return true;
  }

  /** Entry {@code i} as {@link Bytes} (tests, error messages, the per-entry API). */
  public Bytes keyBytes(int i) {
    byte[] b = new byte[keySize];
    keys.get(i * keySize, b);
    return Bytes.of(b);
  }

  public Bytes valueBytes(int i) {
    byte[] b = new byte[valueSize];
    values.get(i * valueSize, b);
    return Bytes.of(b);
  }

  /** Appends an entry given as bytes (the fake map's dump). */
  public void add(Bytes key, Bytes value) {
    int i = grow(1);
    keys.put(i * keySize, key.bytes());
    values.put(i * valueSize, value.bytes());
  }
}

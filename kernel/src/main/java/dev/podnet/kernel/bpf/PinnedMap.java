package dev.podnet.kernel.bpf;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.podnet.kernel.KernelException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A pinned map written through bpf(): single elements for a change (µs each), one batch call per
 * map for a full sync. Calls are serialized on the map (one attribute buffer, no allocation per element).
 */
final class PinnedMap implements BpfMap {
  /** Elements per dump call: big enough that the call overhead vanishes. */
  private static final int BATCH = 4096;

  private final Path pin;
  private final int fd;
  private final int keySize;
  private final int valueSize;
  private final Memory attr = BpfSyscall.attr();
  private final Memory key;
  private final Memory value;
  private boolean closed;

  private PinnedMap(Path pin, int fd, int keySize, int valueSize) {
    this.pin = pin;
    this.fd = fd;
    this.keySize = keySize;
    this.valueSize = valueSize;
    this.key = new Memory(keySize);
    this.value = new Memory(valueSize);
  }

  static PinnedMap open(Path pin, int keySize, int valueSize) {
    int fd = BpfSyscall.objGet(pin.toString());
    MapInfo info = MapInfo.of(fd, pin);
    if (info.keySize() != keySize || info.valueSize() != valueSize) {
      BpfSyscall.closeFd(fd);
      throw new KernelException("open bpf map " + pin, "host", "it has " + info.keySize() + "-byte keys and " + info.valueSize()
          + "-byte values, the caller writes " + keySize + " and " + valueSize + ": the pin is from another build; unpin it and reload");
    }
    return new PinnedMap(pin, fd, keySize, valueSize);
  }

  @Override
  public String name() {
    return pin.getFileName().toString();
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
  public synchronized Optional<Bytes> lookup(Bytes k) {
    BpfMap.checkSizes(this, k, null);
    elem(k, value);
    try {
      BpfSyscall.bpf(BpfSyscall.MAP_LOOKUP_ELEM, attr);
      return Optional.of(Bytes.of(value.getByteArray(0, valueSize)));
    } catch (LastErrorException e) {
      if (e.getErrorCode() == BpfSyscall.ENOENT) {
        return Optional.empty();
      }
      throw failed("lookup " + k, e);
    }
  }

  @Override
  public synchronized void update(Bytes k, Bytes v) {
    BpfMap.checkSizes(this, k, v);
    value.write(0, v.bytes(), 0, valueSize);
    elem(k, value);
    try {
      BpfSyscall.bpf(BpfSyscall.MAP_UPDATE_ELEM, attr);
    } catch (LastErrorException e) {
      throw failed("update key " + k + " value " + v, e);
    }
  }

  @Override
  public synchronized void delete(Bytes k) {
    BpfMap.checkSizes(this, k, null);
    elem(k, null);
    try {
      BpfSyscall.bpf(BpfSyscall.MAP_DELETE_ELEM, attr);
    } catch (LastErrorException e) {
      if (e.getErrorCode() != BpfSyscall.ENOENT) {
        throw failed("delete key " + k, e);
      }
    }
  }

  /** attr for the *_ELEM commands: map_fd @0, key @8, value/next_key @16, flags @24 (BPF_ANY). */
  private void elem(Bytes k, Memory v) {
    key.write(0, k.bytes(), 0, keySize);
    attr.clear();
    attr.setInt(0, fd);
    attr.setLong(8, Pointer.nativeValue(key));
    attr.setLong(16, v == null ? 0 : Pointer.nativeValue(v));
  }

  @Override
  public synchronized void updateAll(Map<Bytes, Bytes> entries) {
    Entries batch = new Entries(keySize, valueSize, entries.size());
    entries.forEach((k, v) -> {
      BpfMap.checkSizes(this, k, v);
      batch.add(k, v);
    });
    updateBatch(batch);
  }

  @Override
  public synchronized void deleteAll(Iterable<Bytes> all) {
    // one by one: a batch delete stops at the first absent key, and absent must count as deleted
    for (Bytes k : all) {
      delete(k);
    }
  }

  @Override
  public synchronized Map<Bytes, Bytes> entries() {
    Entries all = snapshot();
    Map<Bytes, Bytes> out = new LinkedHashMap<>();
    for (int i = 0; i < all.count(); i++) {
      out.put(all.keyBytes(i), all.valueBytes(i));
    }
    return out;
  }

  /** attr.batch: in/out token @0/@8, keys @16, values @24, count @32, map_fd @36. */
  @Override
  public synchronized Entries snapshot() {
    Entries out = new Entries(keySize, valueSize, BATCH);
    Memory token = new Memory(8);
    boolean first = true;
    while (true) {
      int at = out.grow(BATCH);
      attr.clear();
      attr.setLong(0, first ? 0 : Pointer.nativeValue(token));
      attr.setLong(8, Pointer.nativeValue(token));
      attr.setLong(16, address(out.keys()) + (long) at * keySize);
      attr.setLong(24, address(out.values()) + (long) at * valueSize);
      attr.setInt(32, BATCH);
      attr.setInt(36, fd);
      boolean done = false;
      try {
        BpfSyscall.bpf(BpfSyscall.MAP_LOOKUP_BATCH, attr);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != BpfSyscall.ENOENT) {
          throw failed("dump", e);
        }
        done = true;
      }
      out.truncate(at + attr.getInt(32));
      if (done) {
        return out;
      }
      first = false;
    }
  }

  @Override
  public synchronized void updateBatch(Entries batch) {
    BpfMap.checkSizes(this, batch);
    if (batch.count() == 0) {
      return;
    }
    attr.clear();
    attr.setLong(16, address(batch.keys()));
    attr.setLong(24, address(batch.values()));
    attr.setInt(32, batch.count());
    attr.setInt(36, fd);
    try {
      BpfSyscall.bpf(BpfSyscall.MAP_UPDATE_BATCH, attr);
    } catch (LastErrorException e) {
      throw failed("batch update of " + batch.count() + " elements (" + attr.getInt(32) + " done)", e);
    }
  }

  @Override
  public synchronized void deleteBatch(Entries keys) {
    BpfMap.checkSizes(this, keys);
    // one by one: a batch delete stops at the first absent key, and absent must count as deleted
    long base = address(keys.keys());
    for (int i = 0; i < keys.count(); i++) {
      attr.clear();
      attr.setInt(0, fd);
      attr.setLong(8, base + (long) i * keySize);
      try {
        BpfSyscall.bpf(BpfSyscall.MAP_DELETE_ELEM, attr);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != BpfSyscall.ENOENT) {
          throw failed("delete key " + keys.keyBytes(i), e);
        }
      }
    }
  }

  private static long address(java.nio.ByteBuffer direct) {
    return Pointer.nativeValue(com.sun.jna.Native.getDirectBufferPointer(direct));
  }

  private KernelException failed(String what, LastErrorException e) {
    return new KernelException(what + " in bpf map " + pin, "host", BpfSyscall.reason(e));
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      BpfSyscall.closeFd(fd);
    }
  }

  /** The parts of {@code struct bpf_map_info} checked before writing. */
  record MapInfo(int type, int keySize, int valueSize, int maxEntries) {
    static MapInfo of(int fd, Path pin) {
      Memory info = new Memory(80);
      info.clear();
      Memory attr = BpfSyscall.attr();
      attr.setInt(0, fd);
      attr.setInt(4, (int) info.size());
      attr.setLong(8, Pointer.nativeValue(info));
      try {
        BpfSyscall.bpf(BpfSyscall.OBJ_GET_INFO_BY_FD, attr);
      } catch (LastErrorException e) {
        BpfSyscall.closeFd(fd);
        throw new KernelException("read info of bpf object " + pin, "host", BpfSyscall.reason(e) + " (is it a map?)");
      }
      return new MapInfo(info.getInt(0), info.getInt(8), info.getInt(12), info.getInt(16));
    }
  }

}

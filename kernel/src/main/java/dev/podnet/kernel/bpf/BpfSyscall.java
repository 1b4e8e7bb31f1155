package dev.podnet.kernel.bpf;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.podnet.kernel.KernelException;
import java.nio.charset.StandardCharsets;

/**
 * The bpf() system call through JNA direct mapping: about 1.5 µs a call from Java 17, where
 * forking {@code bpftool map update} costs 1-3 ms (measured, docs in reference/ebpf.md).
 * Attribute layouts are {@code union bpf_attr}'s, offsets from linux/bpf.h.
 */
final class BpfSyscall {
  static final int MAP_LOOKUP_ELEM = 1;
  static final int MAP_UPDATE_ELEM = 2;
  static final int MAP_DELETE_ELEM = 3;
  static final int MAP_GET_NEXT_KEY = 4;
  static final int OBJ_GET = 7;
  static final int OBJ_GET_INFO_BY_FD = 15;
  static final int MAP_LOOKUP_BATCH = 24;
  static final int MAP_UPDATE_BATCH = 26;
  static final int MAP_DELETE_BATCH = 27;
  /** Large enough for every command used here; the kernel wants the unused tail zeroed. */
  static final int ATTR_SIZE = 128;

  static final int ENOENT = 2;
  static final int ENOSPC = 28;

  private static final long SYS_BPF = switch (System.getProperty("os.arch")) {
    case "amd64", "x86_64" -> 321;
    case "aarch64" -> 280;
    default -> -1;
  };

  static {
    Native.register(NativeLibrary.getInstance("c"));
  }

  private BpfSyscall() {}

  private static native long syscall(long number, long cmd, Pointer attr, long size) throws LastErrorException;

  private static native int close(int fd) throws LastErrorException;

  /** Runs {@code cmd}; the kernel's errno as a {@link LastErrorException}. */
  static long bpf(int cmd, Memory attr) {
    if (SYS_BPF < 0) {
      throw new KernelException("bpf()", "host", "no bpf() syscall number known for architecture " + System.getProperty("os.arch"));
    }
    return syscall(SYS_BPF, cmd, attr, ATTR_SIZE);
  }

  /** A file descriptor for the object pinned at {@code path}. */
  static int objGet(String path) {
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
    Memory name = new Memory(p.length + 1L);
    name.write(0, p, 0, p.length);
    name.setByte(p.length, (byte) 0);
    Memory attr = attr();
    attr.setLong(0, Pointer.nativeValue(name));
    try {
      return (int) bpf(OBJ_GET, attr);
    } catch (LastErrorException e) {
      throw new KernelException("open pinned bpf object " + path, "host", reason(e) + " (is bpffs mounted and the object loaded?)");
    }
  }

  static void closeFd(int fd) {
    try {
      close(fd);
    } catch (LastErrorException e) {
      // nothing to do: the descriptor is gone either way
    }
  }

  static Memory attr() {
    Memory attr = new Memory(ATTR_SIZE);
    attr.clear();
    return attr;
  }

  /** errno in words, e.g. {@code E2BIG (7): Argument list too long}. */
  static String reason(LastErrorException e) {
    return "errno " + e.getErrorCode() + ": " + e.getMessage();
  }
}

package dev.podnet.agent.ebpf;

import dev.podnet.kernel.bpf.Bytes;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The byte layouts of sock_lb.c's maps, one record per C struct. Addresses and ports are in
 * network order (as the socket hooks see them), ids, slots and counts in the host's order.
 * Decoding is for the drift check and tests; a malformed entry is a {@link MalformedEntry}.
 */
final class LbEntries {
  static final int PROTO_TCP = 6;
  static final int PROTO_UDP = 17;

  private LbEntries() {}

  /** A map entry that is not what sock_lb.c's structs describe (a wrong size, a pad that is not zero). */
  static final class MalformedEntry extends RuntimeException {
    MalformedEntry(String what, Bytes b) {
      super("malformed " + what + " in a socket-LB map: " + b + " (written by hand or by another build?)");
    }
  }

  /** {@code struct svc_key}: a Service address, port and protocol as a pod dials it. */
  record Frontend(InetAddress addr, int port, int proto) {
    static final int SIZE = 8;

    Bytes bytes() {
      return Bytes.of(net(SIZE).put(addr.getAddress()).putShort((short) port).put((byte) proto).put((byte) 0).array());
    }

    static Frontend parse(Bytes b) {
      ByteBuffer in = check(b, SIZE, "service key", ByteOrder.BIG_ENDIAN);
      Frontend f = new Frontend(ip4(in), Short.toUnsignedInt(in.getShort()), Byte.toUnsignedInt(in.get()));
      if (in.get() != 0) {
        throw new MalformedEntry("service key", b);
      }
      return f;
    }
  }

  /** {@code struct svc_value}: the backend set, how many slots it fills, and ClientIP affinity (0: none). */
  record ServiceValue(int id, int count, int affinitySeconds) {
    static final int SIZE = 12;

    Bytes bytes() {
      return Bytes.of(host(SIZE).putInt(id).putShort((short) count).putShort((short) 0).putInt(affinitySeconds).array());
    }

    static ServiceValue parse(Bytes b) {
      ByteBuffer in = check(b, SIZE, "service value", ByteOrder.nativeOrder());
      int id = in.getInt();
      int count = Short.toUnsignedInt(in.getShort());
      in.getShort();
      return new ServiceValue(id, count, in.getInt());
    }
  }

  /** {@code struct be_key}: slot {@code slot} of backend set {@code id}. */
  record BackendKey(int id, int slot) {
    static final int SIZE = 8;

    Bytes bytes() {
      return Bytes.of(host(SIZE).putInt(id).putInt(slot).array());
    }

    static BackendKey parse(Bytes b) {
      ByteBuffer in = check(b, SIZE, "backend key", ByteOrder.nativeOrder());
      return new BackendKey(in.getInt(), in.getInt());
    }
  }

  /** {@code struct be_value}: an endpoint. */
  record Backend(InetAddress addr, int port) {
    static final int SIZE = 8;

    Bytes bytes() {
      return Bytes.of(net(SIZE).put(addr.getAddress()).putShort((short) port).putShort((short) 0).array());
    }

    static Backend parse(Bytes b) {
      ByteBuffer in = check(b, SIZE, "backend", ByteOrder.BIG_ENDIAN);
      return new Backend(ip4(in), Short.toUnsignedInt(in.getShort()));
    }
  }

  /** {@code struct svc_key} as the host-order long that holds its 8 bytes (what an Entries key is). */
  static long frontendKey(InetAddress addr, int port, int proto) {
    return raw8(new Frontend(addr, port, proto).bytes().bytes());
  }

  /** {@code struct be_value} as the host-order long that holds its 8 bytes. */
  static long backendValue(InetAddress addr, int port) {
    return raw8(new Backend(addr, port).bytes().bytes());
  }

  /** {@code struct be_key} (id, slot: host-order u32s) as the host-order long that holds its 8 bytes. */
  static long backendKey(int id, int slot) {
    long lo = Integer.toUnsignedLong(id);
    long hi = Integer.toUnsignedLong(slot);
    return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? lo | hi << 32 : lo << 32 | hi;
  }

  /** {@code struct svc_value} {id, count, affinity} at entry {@code i} of a podnet_svc batch (no record per entry). */
  static void putServiceValue(dev.podnet.kernel.bpf.Entries e, int i, int id, int count, int affinitySeconds) {
    e.putValueInt(i, 0, id).putValueShort(i, 4, (short) count).putValueShort(i, 6, (short) 0).putValueInt(i, 8, affinitySeconds);
  }

  /** Eight bytes in memory order as the host-order long that holds them. */
  private static long raw8(byte[] b) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (b[i] & 0xff);
    }
    return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? v : Long.reverseBytes(v);
  }

  static int proto(String protocol) {
    return switch (protocol) {
      case "TCP" -> PROTO_TCP;
      case "UDP" -> PROTO_UDP;
      default -> 0;
    };
  }

  private static ByteBuffer net(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
  }

  private static ByteBuffer host(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
  }

  private static ByteBuffer check(Bytes b, int size, String what, ByteOrder order) {
    if (b.length() != size) {
      throw new MalformedEntry(what, b);
    }
    return ByteBuffer.wrap(b.bytes()).order(order);
  }

  private static InetAddress ip4(ByteBuffer in) {
    byte[] a = new byte[4];
    in.get(a);
    try {
      return (Inet4Address) InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are always an IPv4 address", e);
    }
  }
}

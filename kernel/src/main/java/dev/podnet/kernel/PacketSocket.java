package dev.podnet.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An AF_PACKET raw socket bound to one link and one ethertype (packet(7)), through libc by JNA:
 * whole Ethernet frames in and out, below the IP stack. Opened by a thread inside the link's
 * network namespace (the socket belongs to the namespace it was made in); used from any thread
 * afterwards. Receives time out every {@link #RECEIVE_TIMEOUT_MS} so a reader notices a close.
 */
final class PacketSocket implements AutoCloseable {
  static final int RECEIVE_TIMEOUT_MS = 200;
  /** sll_pkttype of a frame this host sent itself (packet sockets see both directions). */
  static final int PACKET_OUTGOING = 4;
  private static final int AF_PACKET = 17;
  private static final int SOCK_RAW = 3;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVTIMEO = 20;
  private static final int SO_ATTACH_FILTER = 26;
  private static final int SOL_PACKET = 263;
  private static final int PACKET_ADD_MEMBERSHIP = 1;
  private static final int PACKET_DROP_MEMBERSHIP = 2;
  private static final int PACKET_MR_MULTICAST = 0;
  private static final int PACKET_MREQ_SIZE = 16;
  private static final long SIOCGIFINDEX = 0x8933;
  private static final long SIOCGIFHWADDR = 0x8927;
  private static final int IFREQ_SIZE = 40;
  private static final int SOCKADDR_LL_SIZE = 20;
  private static final int EAGAIN = 11;
  private static final int EINTR = 4;

  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] addr, int len) throws LastErrorException;

    int ioctl(int fd, long request, byte[] ifreq) throws LastErrorException;

    int setsockopt(int fd, int level, int option, byte[] value, int len) throws LastErrorException;

    long recvfrom(int fd, byte[] buf, long len, int flags, byte[] from, int[] fromLen) throws LastErrorException;

    long write(int fd, byte[] buf, long len) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private static final class Holder {
    static final LibC C = Native.load("c", LibC.class);
  }

  /** One frame read: its bytes, how many, and whether this host sent it. */
  record Received(byte[] frame, int length, boolean outgoing) {}

  private final int fd;
  private final String dev;
  private final int ifindex;
  private final MacAddress mac;
  private boolean closed;

  private PacketSocket(int fd, String dev, int ifindex, MacAddress mac) {
    this.fd = fd;
    this.dev = dev;
    this.ifindex = ifindex;
    this.mac = mac;
  }

  /**
   * Opens the socket on {@code dev} for {@code ethertype}, queueing only the frames {@code filter}
   * accepts; the calling thread must be in dev's namespace.
   */
  static PacketSocket open(String dev, int ethertype, SocketFilter filter) {
    int fd;
    try {
      fd = Holder.C.socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, network16(ethertype));
    } catch (LastErrorException e) {
      throw new KernelException("open packet socket for " + dev, "current thread's netns", reason(e) + " (needs CAP_NET_RAW)");
    }
    try {
      byte[] ifreq = ifreq(dev);
      Holder.C.ioctl(fd, SIOCGIFINDEX, ifreq);
      int ifindex = ByteBuffer.wrap(ifreq).order(ByteOrder.nativeOrder()).getInt(16);
      ifreq = ifreq(dev);
      Holder.C.ioctl(fd, SIOCGIFHWADDR, ifreq);
      MacAddress mac = new MacAddress(HexFormat.ofDelimiter(":").formatHex(ifreq, 18, 24));
      Holder.C.bind(fd, sockaddrLl(ethertype, ifindex), SOCKADDR_LL_SIZE);
      byte[] timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(0).putLong(RECEIVE_TIMEOUT_MS * 1000L).array();
      Holder.C.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, timeout.length);
      attach(fd, filter);
      return new PacketSocket(fd, dev, ifindex, mac);
    } catch (LastErrorException e) {
      closeQuietly(fd);
      throw new KernelException("bind packet socket to " + dev, "current thread's netns", reason(e) + " (does the link exist in this namespace?)");
    }
  }

  /** struct sock_fprog: the instruction count, then (8-aligned) a pointer to the instructions, which the kernel copies. */
  private static void attach(int fd, SocketFilter filter) {
    byte[] program = filter.bytes();
    try (Memory instructions = new Memory(program.length)) {
      instructions.write(0, program, 0, program.length);
      byte[] fprog = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putShort((short) filter.program().size()).putShort((short) 0)
          .putInt(0).putLong(Pointer.nativeValue(instructions)).array();
      Holder.C.setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog, fprog.length);
    }
  }

  /**
   * Makes the link accept frames sent to the Ethernet group {@code group} (PACKET_ADD_MEMBERSHIP;
   * a NIC drops multicast nobody asked for). Counted per socket, and gone when it closes.
   */
  void join(MacAddress group) {
    membership(PACKET_ADD_MEMBERSHIP, group);
  }

  /** Undoes one {@link #join} of {@code group}. */
  void leave(MacAddress group) {
    membership(PACKET_DROP_MEMBERSHIP, group);
  }

  /** struct packet_mreq: ifindex, type, address length, then the address in 8 bytes. */
  private synchronized void membership(int option, MacAddress group) {
    if (closed) {
      return;
    }
    byte[] mreq = ByteBuffer.allocate(PACKET_MREQ_SIZE).order(ByteOrder.nativeOrder()).putInt(ifindex).putShort((short) PACKET_MR_MULTICAST)
        .putShort((short) 6).put(ArpPacket.bytes(group)).array();
    try {
      Holder.C.setsockopt(fd, SOL_PACKET, option, mreq, mreq.length);
    } catch (LastErrorException e) {
      String verb = option == PACKET_ADD_MEMBERSHIP ? "join" : "leave";
      throw new KernelException(verb + " multicast group " + group + " on " + dev, "its netns", reason(e));
    }
  }

  MacAddress mac() {
    return mac;
  }

  /** The next frame on the link, or empty after {@link #RECEIVE_TIMEOUT_MS} without one. */
  Optional<Received> receive(byte[] buf) {
    byte[] from = new byte[SOCKADDR_LL_SIZE];
    int[] fromLen = {from.length};
    long n;
    try {
      n = Holder.C.recvfrom(fd, buf, buf.length, 0, from, fromLen);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == EAGAIN || e.getErrorCode() == EINTR) {
        return Optional.empty();
      }
      throw new KernelException("receive on packet socket of " + dev, "its netns", reason(e));
    }
    ByteBuffer addr = ByteBuffer.wrap(from).order(ByteOrder.nativeOrder());
    if (addr.getInt(4) != ifindex) {
      return Optional.empty(); // queued between socket() and bind(), from another link
    }
    return Optional.of(new Received(buf, (int) n, Byte.toUnsignedInt(from[10]) == PACKET_OUTGOING));
  }

  /** Sends one whole Ethernet frame out of the link. */
  synchronized void send(byte[] frame) {
    if (closed) {
      throw new KernelException("send frame on " + dev, "its netns", "the packet socket is closed");
    }
    try {
      Holder.C.write(fd, frame, frame.length);
    } catch (LastErrorException e) {
      throw new KernelException("send frame on " + dev, "its netns", reason(e));
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true; // a send after this must not write to whatever reuses the descriptor number
      closeQuietly(fd);
    }
  }

  private static void closeQuietly(int fd) {
    try {
      Holder.C.close(fd);
    } catch (LastErrorException e) {
      // the descriptor is gone either way
    }
  }

  private static byte[] ifreq(String dev) {
    byte[] name = dev.getBytes(StandardCharsets.UTF_8);
    if (name.length > 15) {
      throw new KernelException("open packet socket for " + dev, "current thread's netns", "link names are at most 15 bytes");
    }
    byte[] ifreq = new byte[IFREQ_SIZE];
    System.arraycopy(name, 0, ifreq, 0, name.length);
    return ifreq;
  }

  /** struct sockaddr_ll: family and ifindex in host order, the protocol in network order. */
  private static byte[] sockaddrLl(int ethertype, int ifindex) {
    ByteBuffer b = ByteBuffer.allocate(SOCKADDR_LL_SIZE).order(ByteOrder.nativeOrder());
    b.putShort((short) AF_PACKET);
    b.order(ByteOrder.BIG_ENDIAN).putShort((short) ethertype);
    b.order(ByteOrder.nativeOrder()).putInt(ifindex);
    return b.array();
  }

  /** htons: socket() takes the protocol as an int holding the network-order 16 bits. */
  private static int network16(int v) {
    return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Short.toUnsignedInt(Short.reverseBytes((short) v)) : v;
  }

  private static String reason(LastErrorException e) {
    return "errno " + e.getErrorCode();
  }
}

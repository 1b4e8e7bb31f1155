package dev.podnet.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * IPv6 multicast groups joined on one link through an AF_INET6 socket (IPV6_JOIN_GROUP, ipv6(7)),
 * as MetalLB's NDP responder joins its solicited-node groups: the kernel reports them by MLD, so
 * a snooping switch forwards the group's frames to this port, and sets the NIC's filter. The
 * memberships are the socket's: they end when it closes or its process dies. Opened by a thread
 * inside the link's namespace; used from any thread afterwards.
 */
final class Ipv6Groups implements AutoCloseable {
  private static final int AF_INET6 = 10;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int IPPROTO_IPV6 = 41;
  private static final int IPV6_ADD_MEMBERSHIP = 20;
  private static final int IPV6_DROP_MEMBERSHIP = 21;

  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    int if_nametoindex(String name) throws LastErrorException;

    int setsockopt(int fd, int level, int option, byte[] value, int len) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private static final class Holder {
    static final LibC C = Native.load("c", LibC.class);
  }

  private final int fd;
  private final String dev;
  private final int ifindex;
  private boolean closed;

  private Ipv6Groups(int fd, String dev, int ifindex) {
    this.fd = fd;
    this.dev = dev;
    this.ifindex = ifindex;
  }

  /** The calling thread must be in dev's namespace; fails where IPv6 is off in the kernel. */
  static Ipv6Groups open(String dev) {
    int fd;
    try {
      fd = Holder.C.socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw new KernelException("open an IPv6 socket to join groups on " + dev, "current thread's netns", "errno " + e.getErrorCode()
          + " (IPv6 disabled in this kernel?)");
    }
    try {
      return new Ipv6Groups(fd, dev, Holder.C.if_nametoindex(dev));
    } catch (LastErrorException e) {
      close(fd);
      throw new KernelException("look up link " + dev + " to join IPv6 groups", "current thread's netns", "errno " + e.getErrorCode());
    }
  }

  /** Joins {@code group} on the link; fails (errno 19) while IPv6 is disabled on it. */
  void join(Inet6Address group) {
    membership(IPV6_ADD_MEMBERSHIP, group);
  }

  void leave(Inet6Address group) {
    membership(IPV6_DROP_MEMBERSHIP, group);
  }

  /** struct ipv6_mreq: the group's 16 bytes, then the ifindex in host order. */
  private synchronized void membership(int option, Inet6Address group) {
    if (closed) {
      return;
    }
    byte[] mreq = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder()).put(group.getAddress()).putInt(ifindex).array();
    try {
      Holder.C.setsockopt(fd, IPPROTO_IPV6, option, mreq, mreq.length);
    } catch (LastErrorException e) {
      String verb = option == IPV6_ADD_MEMBERSHIP ? "join" : "leave";
      throw new KernelException(verb + " IPv6 group " + Ip.text(group) + " on " + dev, "its netns", "errno " + e.getErrorCode());
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      close(fd);
    }
  }

  private static void close(int fd) {
    try {
      Holder.C.close(fd);
    } catch (LastErrorException e) {
      // the descriptor is gone either way
    }
  }
}

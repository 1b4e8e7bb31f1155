package dev.podnet.kernel;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Ndp} on an AF_PACKET socket per link: one thread reads the Neighbor Solicitations on the
 * link (a socket filter drops every other IPv6 frame in the kernel) and answers those for the
 * addresses held with a solicited advertisement. The socket joins the solicited-node Ethernet
 * group of every address held, so a NIC's multicast filter lets the solicitations in (a veth
 * has none: the lab works without).
 */
final class PacketSocketNdp implements Ndp {
  private static final Logger log = LoggerFactory.getLogger(PacketSocketNdp.class);

  @Override
  public NeighborResponder open(Netns netns, String dev) {
    try (NetnsExecutor in = new NetnsExecutor(netns, 1)) {
      PacketSocket socket = in.call(() -> PacketSocket.open(dev, NdpPacket.ETHERTYPE_IPV6, SocketFilter.neighborSolicitations()));
      SocketResponder r = new SocketResponder(socket, netns + " " + dev);
      log.info("netns={} dev={} mac={} answering NDP from user space", netns, dev, socket.mac());
      return r;
    }
  }

  private static final class SocketResponder implements NeighborResponder {
    private final PacketSocket socket;
    private final PacketReader reader;
    private final Set<MacAddress> groups = new HashSet<>();
    private volatile Set<Inet6Address> held = Set.of();
    private volatile boolean closed;

    SocketResponder(PacketSocket socket, String where) {
      this.socket = socket;
      this.reader = new PacketReader(socket, "ndp-" + where.replace(' ', '-'),
          f -> NdpPacket.parse(f.frame(), f.length()).ifPresent(this::onSolicitation)).start();
    }

    /** Joins the groups of the new addresses before answering for them, and leaves those no address needs. */
    @Override
    public synchronized void answer(Set<InetAddress> ips) {
      Set<Inet6Address> next = ips.stream().filter(Inet6Address.class::isInstance).map(Inet6Address.class::cast)
          .collect(Collectors.toUnmodifiableSet());
      Set<MacAddress> want = next.stream().map(ip -> NdpPacket.multicastMac(NdpPacket.solicitedNode(ip))).collect(Collectors.toSet());
      want.stream().filter(g -> !groups.contains(g)).forEach(socket::join);
      held = next;
      groups.stream().filter(g -> !want.contains(g)).forEach(socket::leave);
      groups.retainAll(want);
      groups.addAll(want);
    }

    @Override
    public void announce(InetAddress ip) {
      if (ip instanceof Inet6Address v6 && !closed) {
        socket.send(NdpPacket.unsolicited(v6, socket.mac()).frame());
      }
    }

    /** Answers a host asking for a held address; not a DAD probe, nor this link's own frames. */
    private void onSolicitation(NdpPacket p) {
      if (p.fromAddressedHost() && held.contains(p.target()) && !p.header().macSource().equals(socket.mac())) {
        socket.send(p.advertisementFrom(socket.mac()).frame());
      }
    }

    @Override
    public void close() {
      closed = true;
      held = Set.of();
      reader.close();
    }
  }
}

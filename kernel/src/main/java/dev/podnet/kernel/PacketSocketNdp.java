package dev.podnet.kernel;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Ndp} on an AF_PACKET socket per link: one thread reads the Neighbor Solicitations on the
 * link (a socket filter drops every other IPv6 frame in the kernel) and answers those for the
 * addresses held with a solicited advertisement. Solicitations go to the address's solicited-node
 * group: the responder joins it twice, as a packet socket membership (the NIC's filter lets the
 * group's frames in, even where IPv6 is off on the link) and through the IPv6 stack (the kernel
 * reports it by MLD, so a snooping switch forwards the group to this port, as it does for
 * MetalLB, whose responder joins the same way). A veth has no filter: the lab works without.
 */
final class PacketSocketNdp implements Ndp {
  private static final Logger log = LoggerFactory.getLogger(PacketSocketNdp.class);

  @Override
  public NeighborResponder open(Netns netns, String dev) {
    try (NetnsExecutor in = new NetnsExecutor(netns, 1)) {
      PacketSocket socket = in.call(() -> PacketSocket.open(dev, NdpPacket.ETHERTYPE_IPV6, SocketFilter.neighborSolicitations()));
      Optional<Ipv6Groups> mld;
      try {
        mld = Optional.of(in.call(() -> Ipv6Groups.open(dev)));
      } catch (KernelException e) {
        log.warn("netns={} dev={} answering NDP without MLD reports (a snooping switch may not forward solicitations): {}", netns, dev,
            e.getMessage());
        mld = Optional.empty();
      }
      SocketResponder r = new SocketResponder(socket, mld, netns + " " + dev);
      log.info("netns={} dev={} mac={} answering NDP from user space", netns, dev, socket.mac());
      return r;
    }
  }

  private static final class SocketResponder implements NeighborResponder {
    private final PacketSocket socket;
    private final Optional<Ipv6Groups> mld;
    private final String where;
    private final PacketReader reader;
    private final Set<Inet6Address> groups = new HashSet<>();
    /** The groups the IPv6 stack joined (none while IPv6 is off on the link). */
    private final Set<Inet6Address> reported = new HashSet<>();
    private volatile Set<Inet6Address> held = Set.of();
    private volatile boolean closed;

    SocketResponder(PacketSocket socket, Optional<Ipv6Groups> mld, String where) {
      this.socket = socket;
      this.mld = mld;
      this.where = where;
      this.reader = new PacketReader(socket, "ndp-" + where.replace(' ', '-'),
          f -> NdpPacket.parse(f.frame(), f.length()).ifPresent(this::onSolicitation)).start();
    }

    /** Joins the groups of the new addresses before answering for them, and leaves those no address needs. */
    @Override
    public synchronized void answer(Set<InetAddress> ips) {
      Set<Inet6Address> next = ips.stream().filter(Inet6Address.class::isInstance).map(Inet6Address.class::cast)
          .collect(Collectors.toUnmodifiableSet());
      Set<Inet6Address> want = next.stream().map(NdpPacket::solicitedNode).collect(Collectors.toSet());
      want.stream().filter(g -> !groups.contains(g)).forEach(this::join);
      held = next;
      groups.stream().filter(g -> !want.contains(g)).forEach(this::leave);
      groups.retainAll(want);
      groups.addAll(want);
    }

    private void join(Inet6Address group) {
      socket.join(NdpPacket.multicastMac(group));
      mld.ifPresent(m -> {
        try {
          m.join(group);
          reported.add(group);
        } catch (KernelException e) {
          log.warn("{}: no MLD report for {} (is IPv6 disabled on the link?), answering anyway: {}", where, Ip.text(group), e.getMessage());
        }
      });
    }

    private void leave(Inet6Address group) {
      socket.leave(NdpPacket.multicastMac(group));
      if (reported.remove(group)) {
        mld.ifPresent(m -> m.leave(group));
      }
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
      mld.ifPresent(Ipv6Groups::close);
    }
  }
}

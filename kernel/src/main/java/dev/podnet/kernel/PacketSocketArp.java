package dev.podnet.kernel;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Arp} on an AF_PACKET socket per link: one thread reads the ARP requests on the link
 * (a socket filter drops the rest in the kernel) and replies to those for the addresses held,
 * unicast to the asker with the link's MAC.
 */
final class PacketSocketArp implements Arp {
  private static final Logger log = LoggerFactory.getLogger(PacketSocketArp.class);

  @Override
  public NeighborResponder open(Netns netns, String dev) {
    try (NetnsExecutor in = new NetnsExecutor(netns, 1)) {
      PacketSocket socket = in.call(() -> PacketSocket.open(dev, ArpPacket.ETHERTYPE_ARP, SocketFilter.arpRequests()));
      SocketResponder r = new SocketResponder(socket, netns + " " + dev);
      log.info("netns={} dev={} mac={} answering ARP from user space", netns, dev, socket.mac());
      return r;
    }
  }

  private static final class SocketResponder implements NeighborResponder {
    private final PacketSocket socket;
    private final PacketReader reader;
    private volatile Set<Inet4Address> held = Set.of();
    private volatile boolean closed;

    SocketResponder(PacketSocket socket, String where) {
      this.socket = socket;
      this.reader = new PacketReader(socket, "arp-" + where.replace(' ', '-'),
          f -> ArpPacket.parse(f.frame(), f.length()).ifPresent(this::onArp)).start();
    }

    @Override
    public void answer(Set<InetAddress> ips) {
      held = ips.stream().filter(Inet4Address.class::isInstance).map(Inet4Address.class::cast).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void announce(InetAddress ip) {
      if (ip instanceof Inet4Address v4 && !closed) {
        socket.send(ArpPacket.gratuitous(v4, socket.mac()).frame());
      }
    }

    /**
     * Requests for a held address are answered; a gratuitous one (sender = target: another node
     * announcing its takeover) is not, or the two would fight over the clients.
     */
    private void onArp(ArpPacket p) {
      if (p.op() == ArpPacket.Op.REQUEST && held.contains(p.targetIp()) && !p.senderIp().equals(p.targetIp())
          && !p.senderMac().equals(socket.mac())) {
        socket.send(p.replyFrom(socket.mac()).frame());
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

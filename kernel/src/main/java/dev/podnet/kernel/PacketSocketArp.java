package dev.podnet.kernel;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Arp} on an AF_PACKET socket per link: one thread reads every ARP frame on the link and
 * replies to requests for the addresses held, unicast to the asker with the link's MAC.
 */
final class PacketSocketArp implements Arp {
  private static final Logger log = LoggerFactory.getLogger(PacketSocketArp.class);

  @Override
  public Responder open(Netns netns, String dev) {
    try (NetnsExecutor in = new NetnsExecutor(netns, 1)) {
      PacketSocket socket = in.call(() -> PacketSocket.open(dev, ArpPacket.ETHERTYPE_ARP));
      SocketResponder r = new SocketResponder(socket, netns + " " + dev);
      r.reader.start();
      log.info("netns={} dev={} mac={} answering ARP from user space", netns, dev, socket.mac());
      return r;
    }
  }

  private static final class SocketResponder implements Responder {
    private final PacketSocket socket;
    private final String where;
    private final Thread reader;
    private volatile Set<Inet4Address> held = Set.of();
    private volatile boolean closed;

    SocketResponder(PacketSocket socket, String where) {
      this.socket = socket;
      this.where = where;
      this.reader = new Thread(this::read, "arp-" + where.replace(' ', '-'));
      reader.setDaemon(true);
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

    private void read() {
      byte[] buf = new byte[2048];
      while (!closed) {
        try {
          socket.receive(buf).filter(f -> !f.outgoing()).flatMap(f -> ArpPacket.parse(f.frame(), f.length())).ifPresent(this::onArp);
        } catch (RuntimeException e) {
          if (!closed) {
            log.warn("{} ARP responder: {}", where, e.getMessage());
            sleep();
          }
        }
      }
      socket.close(); // here, not in close(): no read may be under way on a descriptor number the JVM reuses
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

    private static void sleep() {
      try {
        Thread.sleep(PacketSocket.RECEIVE_TIMEOUT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      closed = true;
      held = Set.of();
      try {
        reader.join(PacketSocket.RECEIVE_TIMEOUT_MS * 5L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

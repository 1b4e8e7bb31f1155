package dev.podnet.kernel;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * ARP answered from user space on one link, as MetalLB's speaker does it: the addresses are not
 * the host's (the kernel knows nothing of them and stays silent), a process answers who-has for
 * them while it holds them, and tells every host on the link at once when it takes one over
 * (gratuitous ARP). The claim lives exactly as long as the responder: when its process dies, the
 * kernel closes the socket and nobody on this node answers any more.
 */
public interface Arp {

  /** By an AF_PACKET socket on the link. */
  static Arp packetSocket() {
    return new PacketSocketArp();
  }

  /** Starts listening for ARP on {@code dev} in {@code netns}, answering for nothing yet. */
  Responder open(Netns netns, String dev);

  /** One link's responder; closing it stops every answer at once. */
  interface Responder extends AutoCloseable {

    /** The IPv4 addresses answered from now on (others are ignored: IPv6 has no ARP). */
    void answer(Set<InetAddress> ips);

    /** One gratuitous ARP for {@code ip}: hosts on the link move their neighbor entry for it to this link's MAC. */
    void announce(InetAddress ip);

    @Override
    void close();
  }

  /** Records what responders answer and announce instead of touching a link: tests assert on that end state. */
  final class Recording implements Arp {
    private final Map<String, Set<String>> answering = new TreeMap<>();
    private final List<String> sent = new ArrayList<>();

    @Override
    public synchronized Responder open(Netns netns, String dev) {
      String link = netns + " " + dev;
      answering.put(link, Set.of());
      return new Responder() {
        @Override
        public void answer(Set<InetAddress> ips) {
          synchronized (Recording.this) {
            answering.put(link, new TreeSet<>(ips.stream().map(InetAddress::getHostAddress).toList()));
          }
        }

        @Override
        public void announce(InetAddress ip) {
          synchronized (Recording.this) {
            sent.add(link + " " + ip.getHostAddress());
          }
        }

        @Override
        public void close() {
          synchronized (Recording.this) {
            answering.remove(link);
          }
        }
      };
    }

    /** The addresses answered on {@code NETNS DEV}; empty when none or closed. */
    public synchronized Set<String> answering(String link) {
      return Set.copyOf(answering.getOrDefault(link, Set.of()));
    }

    /** {@code NETNS DEV IP}, one line per gratuitous ARP, in order. */
    public synchronized List<String> sent() {
      return List.copyOf(sent);
    }
  }
}

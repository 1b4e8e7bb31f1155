package dev.podnet.kernel;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Neighbor discovery answered from user space on one link, for addresses the kernel does not
 * hold: ARP ({@link Arp}) for IPv4, NDP ({@link Ndp}) for IPv6. Each answers only its own
 * family and ignores the other, so a caller hands both the same addresses. Closing it stops
 * every answer at once; so does the death of its process (the kernel closes the socket).
 */
public interface NeighborResponder extends AutoCloseable {

  /** The addresses answered from now on (those of the other family are ignored). */
  void answer(Set<InetAddress> ips);

  /**
   * One unsolicited announcement for {@code ip} (gratuitous ARP, or an unsolicited Neighbor
   * Advertisement with the override flag): hosts that have a neighbor entry for it move it to
   * this link's MAC. An address of the other family is ignored.
   */
  void announce(InetAddress ip);

  @Override
  void close();

  /**
   * Records what responders answer and announce instead of touching a link: tests assert on that
   * end state. One recording per protocol; like the real ones it keeps only its own family.
   */
  final class Recording implements Arp, Ndp {
    private final boolean v6;
    private final Map<String, Set<String>> answering = new TreeMap<>();
    private final List<String> sent = new ArrayList<>();

    private Recording(boolean v6) {
      this.v6 = v6;
    }

    /** Records like ARP: IPv4 only. */
    public static Recording arp() {
      return new Recording(false);
    }

    /** Records like NDP: IPv6 only. */
    public static Recording ndp() {
      return new Recording(true);
    }

    private boolean mine(InetAddress ip) {
      return ip.getAddress().length == (v6 ? 16 : 4);
    }

    @Override
    public synchronized NeighborResponder open(Netns netns, String dev) {
      String link = netns + " " + dev;
      answering.put(link, Set.of());
      return new NeighborResponder() {
        @Override
        public void answer(Set<InetAddress> ips) {
          synchronized (Recording.this) {
            answering.put(link, new TreeSet<>(ips.stream().filter(Recording.this::mine).map(Ip::text).toList()));
          }
        }

        @Override
        public void announce(InetAddress ip) {
          synchronized (Recording.this) {
            if (mine(ip)) {
              sent.add(link + " " + Ip.text(ip));
            }
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

    /** {@code NETNS DEV IP}, one line per announcement, in order. */
    public synchronized List<String> sent() {
      return List.copyOf(sent);
    }
  }
}

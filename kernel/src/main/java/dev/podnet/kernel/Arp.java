package dev.podnet.kernel;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Unsolicited ARP: tells every host on a link that {@code ip} is now at this node's MAC, so
 * clients move to a new owner of a LoadBalancer IP at once instead of waiting for their stale
 * neighbor entry to fail (several seconds). The kernel answers ARP requests by itself; only the
 * announcement of a change needs sending.
 */
public interface Arp {

  static Arp tool() {
    return new ArpingTool();
  }

  /** Sends {@code count} gratuitous ARP packets for {@code ip} out of {@code dev} in {@code netns}. */
  void announce(Netns netns, String dev, InetAddress ip, int count);

  /** Records announcements instead of sending them: for tests, which assert on what was announced. */
  final class Recording implements Arp {
    private final List<String> sent = new ArrayList<>();

    @Override
    public synchronized void announce(Netns netns, String dev, InetAddress ip, int count) {
      sent.add(netns + " " + dev + " " + ip.getHostAddress());
    }

    /** {@code NETNS DEV IP}, one line per announcement, in order. */
    public synchronized List<String> sent() {
      return List.copyOf(sent);
    }
  }
}

package dev.podnet.agent.proxy;

import dev.podnet.agent.proxy.RenderedService.UdpDestination;
import dev.podnet.kernel.Conntrack;
import dev.podnet.kernel.KernelException;
import dev.podnet.kernel.Netns;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP has no connection end, so a conntrack entry lives as long as the client keeps sending and
 * pins the flow to whatever it was DNATed to - a deleted pod, or nothing at all when it began
 * while the Service had no endpoints. After each sync: flows replied by an endpoint no rule
 * uses any more are deleted, and a service address that went from no endpoints to some loses
 * its entries (the un-DNATed blackhole ones). In the node's namespace, where the DNAT happened.
 */
final class UdpConntrackCleaner {
  private static final Logger log = LoggerFactory.getLogger(UdpConntrackCleaner.class);
  private final Conntrack conntrack;
  private final Netns netns;

  UdpConntrackCleaner(Conntrack conntrack, Netns netns) {
    this.conntrack = conntrack;
    this.netns = netns;
  }

  /** {@code before}/{@code after}: the changed Services as applied before and after the sync. */
  void afterSync(Map<String, RenderedService> before, Map<String, RenderedService> after) {
    Set<InetAddress> stillUsed = endpoints(after.values().stream().flatMap(r -> r.udp().stream()).toList());
    Set<InetAddress> gone = endpoints(before.values().stream().flatMap(r -> r.udp().stream()).toList());
    gone.removeAll(stillUsed);
    gone.forEach(ep -> run("endpoint " + ep.getHostAddress(), () -> conntrack.deleteUdpByReplySource(netns, ep)));
    Set<String> hadEndpoints = new HashSet<>();
    before.values().forEach(r -> r.udp().stream().filter(d -> !d.endpoints().isEmpty()).forEach(d -> hadEndpoints.add(key(d))));
    for (RenderedService r : after.values()) {
      for (UdpDestination d : r.udp()) {
        if (!d.endpoints().isEmpty() && !hadEndpoints.contains(key(d))) {
          run(key(d), () -> conntrack.deleteUdp(netns, d.ip(), d.port()));
        }
      }
    }
  }

  private static Set<InetAddress> endpoints(List<UdpDestination> ds) {
    Set<InetAddress> out = new HashSet<>();
    ds.forEach(d -> out.addAll(d.endpoints()));
    return out;
  }

  private static String key(UdpDestination d) {
    return d.ip().getHostAddress() + ":" + d.port();
  }

  /** A failed cleanup must not fail the sync: the rules are already right, and the next change retries. */
  private void run(String what, Runnable r) {
    try {
      r.run();
    } catch (KernelException e) {
      log.warn("udp conntrack cleanup failed netns={} target={} error={}", netns, what, e.getMessage());
    }
  }
}

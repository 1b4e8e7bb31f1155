package dev.podnet.agent.proxy;

import dev.podnet.agent.proxy.Nftables.Chain;
import dev.podnet.agent.proxy.Nftables.Container;
import dev.podnet.agent.proxy.Nftables.Element;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one Service owns on this node: its chains, affinity sets and map elements (the nft
 * part, {@link Rules}), plus the facts the sync needs after applying them (UDP destinations for
 * conntrack cleanup, the health-check port).
 */
record RenderedService(String key, Rules rules, List<UdpDestination> udp, Optional<HealthCheck> health) {

  record Rules(List<Chain> chains, List<Container> sets, List<Element> elements) {
    Rules {
      chains = List.copyOf(chains);
      sets = List.copyOf(sets);
      elements = List.copyOf(elements);
    }
  }

  /** A UDP service address and the endpoint IPs its rules currently DNAT to. */
  record UdpDestination(InetAddress ip, int port, Set<InetAddress> endpoints) {}

  /** eTP=Local health check: {@code localReady} is what the LB reads to keep or drain this node. */
  record HealthCheck(String namespace, String name, int port, int localReady) {}
}

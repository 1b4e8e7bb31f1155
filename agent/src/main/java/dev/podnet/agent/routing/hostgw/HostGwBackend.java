package dev.podnet.agent.routing.hostgw;

import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.agent.routing.PeerPlan;
import dev.podnet.agent.routing.RoutingBackend;
import dev.podnet.agent.routing.Underlay;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Route;
import java.util.Optional;

/** flannel's host-gw: one route per peer pod CIDR via the peer's LAN address. Needs one L2 segment. */
public final class HostGwBackend implements RoutingBackend {
  @Override
  public String name() {
    return "host-gw";
  }

  @Override
  public int podMtu(Underlay underlay) {
    return underlay.mtu();
  }

  @Override
  public Optional<LinkSpec> device(NodeInfo self, Underlay underlay) {
    return Optional.empty();
  }

  @Override
  public PeerPlan planFor(NodeInfo self, NodeInfo peer, Underlay underlay) {
    return PeerPlan.routesOnly(Route.via(peer.podCidr(), peer.lanAddress(), underlay.dev()));
  }
}

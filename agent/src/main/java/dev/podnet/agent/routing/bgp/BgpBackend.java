package dev.podnet.agent.routing.bgp;

import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.agent.routing.PeerPlan;
import dev.podnet.agent.routing.RoutingBackend;
import dev.podnet.agent.routing.Underlay;
import dev.podnet.kernel.LinkSpec;
import java.util.List;
import java.util.Optional;

/**
 * The {@code bgp} backend as the generic reconciler sees it: no device, full underlay MTU, and
 * no routes planned from the node list, because routes come from what the node's
 * {@link BgpRouting} speaker learns (and carry protocol {@code bgp}, which the reconciler leaves
 * alone). Choosing it also removes host-gw's or vxlan's leftover routes.
 */
public final class BgpBackend implements RoutingBackend {
  public static final String NAME = "bgp";

  @Override
  public String name() {
    return NAME;
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
    return new PeerPlan(List.of(), List.of(), List.of());
  }
}

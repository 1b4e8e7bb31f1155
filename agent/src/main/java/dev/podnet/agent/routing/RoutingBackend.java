package dev.podnet.agent.routing;

import dev.podnet.kernel.LinkSpec;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How pod CIDRs of other nodes become reachable. A backend is pure: it says which device it needs
 * and what to program per peer; {@link RoutingReconciler} applies that, removes what is stale and
 * repairs drift.
 */
public interface RoutingBackend {

  /** The name users choose it by ({@code vxlan}, {@code host-gw}). */
  String name();

  /** MTU pods on this node must use so that encapsulated frames still fit the underlay. */
  int podMtu(Underlay underlay);

  /** The device this backend owns on {@code self} (the VXLAN device), if any. */
  Optional<LinkSpec> device(NodeInfo self, Underlay underlay);

  /**
   * The UDP port this backend encapsulates node-to-node traffic on, if it does: those outer
   * packets are kept out of conntrack (see {@link UntrackedEncapsulation}).
   */
  default OptionalInt encapsulationPort() {
    return OptionalInt.empty();
  }

  /** What {@code self} programs to reach {@code peer}'s pods. */
  PeerPlan planFor(NodeInfo self, NodeInfo peer, Underlay underlay);
}

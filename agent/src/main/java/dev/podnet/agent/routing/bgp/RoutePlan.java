package dev.podnet.agent.routing.bgp;

import dev.podnet.agent.routing.Underlay;
import dev.podnet.bgp.Path;
import dev.podnet.bgp.Prefix;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Best paths to kernel routes, and the batch that makes the node's {@code proto bgp} routes match:
 * one route per learned prefix via the peer node's address on the underlay device. Pure.
 */
final class RoutePlan {
  /** rtnetlink's number for BGP (iproute2's rt_protos: "bgp"), so {@code ip route} says who owns the route. */
  static final int PROTO_BGP = Route.PROTO_BGP;

  private RoutePlan() {}

  static Route route(Path best, Underlay underlay) {
    Prefix p = best.prefix();
    return new Route(new Cidr(p.address(), p.length()), Optional.of(best.nextHop()), underlay.dev(), false, PROTO_BGP);
  }

  /**
   * The batch from {@code have} (the node's proto-bgp routes) to {@code want}. With {@code
   * keepStale} (a restart not yet converged) routes no longer wanted stay: peers may still send
   * them, and until then the old ones keep forwarding.
   */
  static List<IpCommand> diff(Collection<Route> want, Collection<Route> have, boolean keepStale) {
    Map<Cidr, Route> haveByDst = new HashMap<>();
    have.forEach(r -> haveByDst.put(r.dst(), r));
    List<IpCommand> out = new ArrayList<>();
    Map<Cidr, Route> wantByDst = new HashMap<>();
    for (Route r : want) {
      wantByDst.put(r.dst(), r);
      if (!r.equals(haveByDst.get(r.dst()))) {
        out.add(new IpCommand.RouteReplace(r));
      }
    }
    if (!keepStale) {
      have.stream().filter(r -> !wantByDst.containsKey(r.dst())).forEach(r -> out.add(new IpCommand.RouteDelete(r)));
    }
    return out;
  }
}

package dev.podnet.agent.routing;

import dev.podnet.kernel.FdbEntry;
import dev.podnet.kernel.Neighbor;
import dev.podnet.kernel.Route;
import java.util.List;

/** What one node must program to reach one peer's pods: pure data, applied by {@link RoutingReconciler}. */
public record PeerPlan(List<Route> routes, List<Neighbor> neighbors, List<FdbEntry> fdb) {
  public PeerPlan {
    routes = List.copyOf(routes);
    neighbors = List.copyOf(neighbors);
    fdb = List.copyOf(fdb);
  }

  public static PeerPlan routesOnly(Route... routes) {
    return new PeerPlan(List.of(routes), List.of(), List.of());
  }
}

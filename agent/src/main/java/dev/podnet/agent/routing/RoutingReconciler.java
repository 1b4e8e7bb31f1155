package dev.podnet.agent.routing;

import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.FdbEntry;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.Link;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Neighbor;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Nft;
import dev.podnet.kernel.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import dev.podnet.agent.metrics.AgentMetrics;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one generic reconciler for every backend: reads what the node has, compares it with the
 * backends' plans for all peers, and applies the difference in one batch — new FDB and neighbor
 * entries before the routes that use them, stale routes before the entries they used.
 */
public final class RoutingReconciler {
  private static final Logger log = LoggerFactory.getLogger(RoutingReconciler.class);

  private final Kernel kernel;
  private final Netns netns;
  private final RoutingBackend backend;
  private final Underlay underlay;
  private final Nft nft;

  public RoutingReconciler(Kernel kernel, Nft nft, Netns netns, RoutingBackend backend, Underlay underlay) {
    this.kernel = kernel;
    this.nft = nft;
    this.netns = netns;
    this.backend = backend;
    this.underlay = underlay;
  }

  /** What one sync changed. */
  public record SyncResult(int added, int removed) {
    public boolean changedNothing() {
      return added == 0 && removed == 0;
    }
  }

  /** Makes the node match the plans for {@code nodes} (self included or not). Safe to repeat. */
  public SyncResult sync(NodeInfo self, Collection<NodeInfo> nodes) {
    long start = System.nanoTime();
    ensureUntracked();
    List<IpCommand> batch = new ArrayList<>(ensureDevice(self));
    Set<Route> routes = new LinkedHashSet<>();
    Set<Neighbor> neighbors = new LinkedHashSet<>();
    Set<FdbEntry> fdb = new LinkedHashSet<>();
    for (NodeInfo peer : nodes) {
      if (peer.name().equals(self.name())) {
        continue;
      }
      PeerPlan p = backend.planFor(self, peer, underlay);
      routes.addAll(p.routes());
      neighbors.addAll(p.neighbors());
      fdb.addAll(p.fdb());
    }
    // A device being (re)created comes back empty: nothing on it counts as present.
    boolean fresh = !batch.isEmpty();
    Optional<String> dev = backend.device(self, underlay).map(LinkSpec::name);
    List<FdbEntry> haveFdb = fresh ? List.of() : dev.map(d -> kernel.fdb(netns, d)).orElse(List.of());
    List<Neighbor> haveNeigh = fresh ? List.of() : dev.map(d -> kernel.neighbors(netns, d)).orElse(List.of());
    List<Route> haveRoutes = ownRoutes().stream().filter(r -> !(fresh && dev.equals(Optional.of(r.dev())))).toList();
    for (FdbEntry f : fdb) {
      if (!haveFdb.contains(f)) {
        batch.add(new IpCommand.FdbReplace(f));
      }
    }
    for (Neighbor n : neighbors) {
      if (!haveNeigh.contains(n)) {
        batch.add(new IpCommand.NeighborReplace(n));
      }
    }
    for (Route r : routes) {
      if (!haveRoutes.contains(r)) {
        batch.add(new IpCommand.RouteReplace(r));
      }
    }
    int added = batch.size();
    Set<Cidr> wanted = new HashSet<>();
    routes.forEach(r -> wanted.add(r.dst()));
    for (Route r : haveRoutes) {
      if (!wanted.contains(r.dst())) {
        batch.add(new IpCommand.RouteDelete(r));
      }
    }
    haveNeigh.stream().filter(n -> !neighbors.contains(n)).forEach(n -> batch.add(new IpCommand.NeighborDelete(n)));
    haveFdb.stream().filter(f -> !fdb.contains(f)).forEach(f -> batch.add(new IpCommand.FdbDelete(f)));
    if (!batch.isEmpty()) {
      try {
        kernel.apply(netns, batch);
      } catch (RuntimeException e) {
        AgentMetrics.ROUTING_FAILURES.inc();
        throw e;
      }
      AgentMetrics.ROUTING_CHANGES.add(batch.size());
      log.info("routing synced node={} netns={} backend={} peers={} added={} removed={}", self.name(), netns,
          backend.name(), nodes.size() - 1, added, batch.size() - added);
    }
    AgentMetrics.ROUTING_SYNC.observeSince(start);
    return new SyncResult(added, batch.size() - added);
  }

  private List<Route> ownRoutes() {
    return kernel.routes(netns).stream().filter(r -> r.protocol() == Route.PROTO_PODNET).toList();
  }

  /** Keeps the backend's encapsulation out of conntrack; writes only when the table is missing or not as planned. */
  private void ensureUntracked() {
    if (backend.encapsulationPort().isEmpty()) {
      return;
    }
    int port = backend.encapsulationPort().getAsInt();
    Optional<String> have = nft.list(netns, UntrackedEncapsulation.FAMILY, UntrackedEncapsulation.TABLE);
    if (have.isEmpty() || !UntrackedEncapsulation.matches(have.get(), backend.name(), port)) {
      nft.apply(netns, UntrackedEncapsulation.script(backend.name(), port));
      log.info("encapsulation untracked netns={} backend={} udp_port={}", netns, backend.name(), port);
    }
  }

  /** Requests that (re)create the backend's device when it is missing or not as planned. */
  private List<IpCommand> ensureDevice(NodeInfo self) {
    Optional<LinkSpec> spec = backend.device(self, underlay);
    if (spec.isEmpty()) {
      return List.of();
    }
    LinkSpec want = spec.get();
    Optional<Link> have = kernel.links(netns).stream().filter(l -> l.name().equals(want.name())).findFirst();
    List<IpCommand> out = new ArrayList<>();
    boolean matches = have.isPresent() && have.get().mtu() == want.mtu() && have.get().up()
        && (!(want instanceof LinkSpec.Vxlan v) || have.get().mac().equals(Optional.of(v.mac())));
    if (matches) {
      return out;
    }
    if (have.isPresent()) {
      out.add(new IpCommand.LinkDelete(want.name()));
    }
    out.add(new IpCommand.LinkAdd(want));
    // flannel gives the VTEP the pod network's .0 as a /32: the onlink next hop peers point at.
    out.add(new IpCommand.AddressReplace(want.name(), Cidr.host(self.podCidr().addressAt(0))));
    out.add(new IpCommand.LinkUp(want.name()));
    return out;
  }
}

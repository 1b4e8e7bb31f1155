package dev.podnet.trace;

import dev.podnet.kernel.BridgeLookup;
import dev.podnet.kernel.ConntrackEntries;
import dev.podnet.kernel.FdbEntry;
import dev.podnet.kernel.Ip;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.Link;
import dev.podnet.kernel.Neighbor;
import dev.podnet.kernel.RouteLookup;
import java.util.List;
import java.util.Optional;

/** {@link PathFacts} from the real kernel, read through module {@code kernel}. */
final class KernelFacts implements PathFacts {
  private final Kernel kernel;

  KernelFacts(Kernel kernel) {
    this.kernel = kernel;
  }

  @Override
  public RouteLookup.Result route(Place at, String dst, Optional<String> from, Optional<String> iif) {
    RouteLookup.Result r = RouteLookup.get(at.netns(), Ip.parse(dst), from.map(Ip::parse), iif);
    // a forwarded packet's lookup needs a source valid on iif; when the kernel refuses that, ask as the namespace's own packet
    return r.found() || iif.isEmpty() ? r : RouteLookup.get(at.netns(), Ip.parse(dst), Optional.empty(), Optional.empty());
  }

  @Override
  public String linkKind(Place at, String dev) {
    return kernel.links(at.netns()).stream().filter(l -> l.name().equals(dev)).map(Link::kind).findFirst().orElse("");
  }

  @Override
  public Optional<String> vtep(Place at, String dev, String via) {
    Optional<Neighbor> n = kernel.neighbors(at.netns(), dev).stream().filter(x -> x.address().getHostAddress().equals(via)).findFirst();
    if (n.isEmpty()) {
      return Optional.empty();
    }
    return kernel.fdb(at.netns(), dev).stream().filter(f -> f.mac().equals(n.get().lladdr())).map(FdbEntry::dst)
        .map(a -> a.getHostAddress()).findFirst();
  }

  @Override
  public String neighborState(Place at, String dev, String ip) {
    return BridgeLookup.neighbor(at.netns(), dev, ip).state();
  }

  @Override
  public BridgeLookup.Result bridge(Place at, String bridge, String ip) {
    return BridgeLookup.lookup(at.netns(), bridge, ip);
  }

  @Override
  public List<String> conntrack(Place at, String proto, int port) {
    return ConntrackEntries.list(at.netns(), proto, port);
  }
}

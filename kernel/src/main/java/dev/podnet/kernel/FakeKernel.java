package dev.podnet.kernel;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stateful in-memory kernel for unit tests: it applies the same requests as {@link IpKernel},
 * refuses what the kernel refuses (missing devices, unreachable gateways, duplicates) and dumps
 * itself as {@code ip}-style text, so tests assert on end state rather than on calls.
 */
public final class FakeKernel implements Kernel {

  private static final class FLink {
    String name;
    String kind;
    int mtu;
    boolean up;
    String master;
    MacAddress mac;
    boolean hairpin;
    String peerNs;
    String peerName;
  }

  private static final class NsState {
    final Map<String, FLink> links = new LinkedHashMap<>();
    final List<Address> addresses = new ArrayList<>();
    final List<Route> routes = new ArrayList<>();
    final List<Neighbor> neighbors = new ArrayList<>();
    final List<FdbEntry> fdb = new ArrayList<>();
    final Map<String, String> sysctls = new TreeMap<>();
  }

  private final Map<String, NsState> namespaces = new TreeMap<>();
  private final AtomicLong macs = new AtomicLong(1);
  private long requests;

  public FakeKernel() {
    namespaces.put("host", new NsState());
  }

  /** How many requests were applied (to check that a no-op sync writes nothing). */
  public synchronized long requestCount() {
    return requests;
  }

  private NsState ns(Netns ns) {
    NsState s = namespaces.get(key(ns));
    if (s == null) {
      throw new KernelException("enter netns", ns, "Cannot open network namespace \"" + ns + "\": No such file or directory");
    }
    return s;
  }

  private static String key(Netns ns) {
    return ns instanceof Netns.Host ? "host" : ns.toString();
  }

  @Override
  public synchronized void apply(Netns netns, List<? extends IpCommand> batch) {
    NsState s = ns(netns);
    for (IpCommand c : batch) {
      try {
        applyOne(netns, s, c);
        requests++;
      } catch (FakeError e) {
        if (!(c.absentOk() && IpCommand.isAbsentError(e.getMessage()))) {
          throw new KernelException(c.describe(), netns, e.getMessage());
        }
      }
    }
  }

  private static final class FakeError extends RuntimeException {
    FakeError(String m) {
      super(m);
    }
  }

  private void applyOne(Netns netns, NsState s, IpCommand c) {
    if (c instanceof IpCommand.LinkAdd a) {
      addLink(netns, s, a.spec());
    } else if (c instanceof IpCommand.LinkDelete d) {
      deleteLink(s, link(s, d.name()));
    } else if (c instanceof IpCommand.LinkUp u) {
      link(s, u.name()).up = true;
    } else if (c instanceof IpCommand.LinkMaster m) {
        FLink br = link(s, m.master());
        if (!"bridge".equals(br.kind)) {
          throw new FakeError("Error: Device is not a bridge or bond: " + m.master());
        }
        link(s, m.name()).master = m.master();
    } else if (c instanceof IpCommand.LinkAddress a) {
      link(s, a.name()).mac = a.mac();
    } else if (c instanceof IpCommand.LinkMtu m) {
      link(s, m.name()).mtu = m.mtu();
    } else if (c instanceof IpCommand.BridgePortHairpin h) {
        FLink l = link(s, h.name());
        if (l.master == null) {
          throw new FakeError("Error: Device " + h.name() + " is not a bridge port.");
        }
        l.hairpin = h.on();
    } else if (c instanceof IpCommand.AddressReplace a) {
        link(s, a.dev());
        s.addresses.removeIf(x -> x.dev().equals(a.dev()) && x.address().address().equals(a.address().address()));
        s.addresses.add(new Address(a.dev(), a.address()));
    } else if (c instanceof IpCommand.AddressDelete a) {
        if (!s.addresses.removeIf(x -> x.dev().equals(a.dev()) && x.address().equals(a.address()))) {
          throw new FakeError("RTNETLINK answers: Cannot assign requested address");
        }
    } else if (c instanceof IpCommand.RouteReplace r) {
      replaceRoute(s, r.route());
    } else if (c instanceof IpCommand.RouteDelete r) {
        if (!s.routes.removeIf(x -> x.dst().equals(r.route().dst()) && x.dev().equals(r.route().dev()))) {
          throw new FakeError("RTNETLINK answers: No such process");
        }
    } else if (c instanceof IpCommand.NeighborReplace n) {
        link(s, n.neighbor().dev());
        s.neighbors.removeIf(x -> x.dev().equals(n.neighbor().dev()) && x.address().equals(n.neighbor().address()));
        s.neighbors.add(n.neighbor());
    } else if (c instanceof IpCommand.NeighborDelete n) {
        if (!s.neighbors.removeIf(x -> x.dev().equals(n.neighbor().dev()) && x.address().equals(n.neighbor().address()))) {
          throw new FakeError("RTNETLINK answers: No such file or directory");
        }
    } else if (c instanceof IpCommand.FdbReplace f) {
        FLink l = link(s, f.entry().dev());
        if (!"vxlan".equals(l.kind)) {
          throw new FakeError("RTNETLINK answers: Operation not supported");
        }
        s.fdb.removeIf(x -> x.dev().equals(f.entry().dev()) && x.mac().equals(f.entry().mac()));
        s.fdb.add(f.entry());
    } else if (c instanceof IpCommand.FdbDelete f) {
        if (!s.fdb.removeIf(x -> x.equals(f.entry()))) {
          throw new FakeError("RTNETLINK answers: No such file or directory");
        }
    }
  }

  private FLink link(NsState s, String name) {
    FLink l = s.links.get(name);
    if (l == null) {
      throw new FakeError("Cannot find device \"" + name + "\"");
    }
    return l;
  }

  private FLink newLink(NsState s, String name, String kind, int mtu) {
    if (s.links.containsKey(name)) {
      throw new FakeError("RTNETLINK answers: File exists");
    }
    FLink l = new FLink();
    l.name = name;
    l.kind = kind;
    l.mtu = mtu;
    byte[] b = HexFormat.of().parseHex(String.format("%012x", macs.getAndIncrement()));
    l.mac = MacAddress.local(b);
    return l;
  }

  private void addLink(Netns netns, NsState s, LinkSpec spec) {
    if (spec instanceof LinkSpec.Bridge b) {
      s.links.put(b.name(), newLink(s, b.name(), "bridge", b.mtu()));
    } else if (spec instanceof LinkSpec.Vxlan v) {
        link(s, v.dev());
        FLink l = newLink(s, v.name(), "vxlan", v.mtu());
        l.mac = v.mac();
        s.links.put(v.name(), l);
    } else if (spec instanceof LinkSpec.Veth v) {
        String peerKey = v.peerNetns().map(FakeKernel::key).orElse(key(netns));
        NsState peerNs = namespaces.get(peerKey);
        if (peerNs == null) {
          throw new FakeError("Invalid \"netns\" value");
        }
        FLink a = newLink(s, v.name(), "veth", v.mtu());
        FLink b = newLink(peerNs, v.peer(), "veth", v.mtu());
        a.peerNs = peerKey;
        a.peerName = v.peer();
        b.peerNs = key(netns);
        b.peerName = v.name();
        s.links.put(a.name, a);
        peerNs.links.put(b.name, b);
    }
  }

  private void deleteLink(NsState s, FLink l) {
    removeLinkState(s, l.name);
    if (l.peerNs != null && namespaces.containsKey(l.peerNs)) {
      removeLinkState(namespaces.get(l.peerNs), l.peerName);
    }
  }

  private static void removeLinkState(NsState s, String name) {
    s.links.remove(name);
    s.links.values().forEach(x -> {
      if (name.equals(x.master)) {
        x.master = null;
        x.hairpin = false;
      }
    });
    s.addresses.removeIf(a -> a.dev().equals(name));
    s.routes.removeIf(r -> r.dev().equals(name));
    s.neighbors.removeIf(n -> n.dev().equals(name));
    s.fdb.removeIf(f -> f.dev().equals(name));
  }

  private void replaceRoute(NsState s, Route r) {
    FLink l = link(s, r.dev());
    if (!l.up) {
      throw new FakeError("Error: Nexthop device is not up.");
    }
    if (r.via().isPresent() && !r.onlink()) {
      InetAddress gw = r.via().get();
      boolean reachable = s.addresses.stream().anyMatch(a -> a.dev().equals(r.dev()) && a.address().contains(gw))
          || s.routes.stream().anyMatch(x -> x.dev().equals(r.dev()) && x.via().isEmpty() && x.dst().contains(gw));
      if (!reachable) {
        throw new FakeError("Error: Nexthop has invalid gateway.");
      }
    }
    s.routes.removeIf(x -> x.dst().equals(r.dst()));
    s.routes.add(r);
  }

  @Override
  public synchronized List<Link> links(Netns netns) {
    return ns(netns).links.values().stream()
        .map(l -> new Link(l.name, l.kind, l.mtu, l.up, Optional.ofNullable(l.master), Optional.of(l.mac), l.hairpin)).toList();
  }

  @Override
  public synchronized List<Address> addresses(Netns netns) {
    return List.copyOf(ns(netns).addresses);
  }

  /** Routes as the kernel would list them: podnet's plus the connected routes of up links. */
  @Override
  public synchronized List<Route> routes(Netns netns) {
    NsState s = ns(netns);
    List<Route> out = new ArrayList<>();
    for (Address a : s.addresses) {
      FLink l = s.links.get(a.dev());
      if (l != null && l.up && a.address().prefix() < a.address().bits()) {
        out.add(new Route(a.address().network(), Optional.empty(), a.dev(), false, Route.PROTO_KERNEL));
      }
    }
    out.addAll(s.routes);
    return out;
  }

  @Override
  public synchronized List<Neighbor> neighbors(Netns netns, String dev) {
    return ns(netns).neighbors.stream().filter(n -> n.dev().equals(dev)).toList();
  }

  @Override
  public synchronized List<FdbEntry> fdb(Netns netns, String dev) {
    return ns(netns).fdb.stream().filter(f -> f.dev().equals(dev)).toList();
  }

  @Override
  public synchronized void sysctl(Netns netns, Map<String, String> values) {
    ns(netns).sysctls.putAll(values);
  }

  @Override
  public synchronized String sysctl(Netns netns, String key) {
    return ns(netns).sysctls.getOrDefault(key, "0");
  }

  @Override
  public synchronized Netns.Named ensureNetns(String name) {
    namespaces.computeIfAbsent(name, n -> new NsState());
    return Netns.named(name);
  }

  @Override
  public synchronized void deleteNetns(String name) {
    NsState s = namespaces.remove(name);
    if (s == null) {
      return;
    }
    for (FLink l : s.links.values()) {
      if (l.peerNs != null && namespaces.containsKey(l.peerNs)) {
        removeLinkState(namespaces.get(l.peerNs), l.peerName);
      }
    }
  }

  @Override
  public void killProcesses(String name) {
    // the fake runs no processes
  }

  @Override
  public synchronized List<String> netnsNames() {
    return namespaces.keySet().stream().filter(n -> !n.equals("host")).toList();
  }

  /** {@code ip route} text. */
  public synchronized String dumpRoutes(Netns netns) {
    StringBuilder b = new StringBuilder();
    for (Route r : routes(netns)) {
      b.append(r.spec()).append('\n');
    }
    return b.toString();
  }

  /** {@code ip -br link} text: name, kind, state, mtu, master. */
  public synchronized String dumpLinks(Netns netns) {
    StringBuilder b = new StringBuilder();
    for (FLink l : ns(netns).links.values()) {
      b.append(l.name).append(' ').append(l.kind).append(l.up ? " UP" : " DOWN").append(" mtu ").append(l.mtu);
      if (l.master != null) {
        b.append(" master ").append(l.master);
      }
      if (l.hairpin) {
        b.append(" hairpin");
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** {@code ip neigh} and {@code bridge fdb} text. */
  public synchronized String dumpNeighbors(Netns netns) {
    StringBuilder b = new StringBuilder();
    ns(netns).neighbors.forEach(n -> b.append(n.spec()).append('\n'));
    ns(netns).fdb.forEach(f -> b.append("fdb ").append(f.spec()).append('\n'));
    return b.toString();
  }
}

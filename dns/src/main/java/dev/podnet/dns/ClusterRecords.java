package dev.podnet.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster as DNS sees it: Services and EndpointSlices reduced to {@link ServiceEntry} and
 * {@link SliceEntry}, plus the reverse index for PTR. Informer handlers write (one lock, so the
 * reverse index stays consistent with the maps); queries read the concurrent maps without locks.
 */
public final class ClusterRecords {
  /** One endpoint of a headless Service under the label DNS gives it: its hostname, or its address with dashes. */
  public record NamedEndpoint(String label, InetAddress address) {}

  /**
   * Who answers for an address: a Service as last put (every put re-indexes it), and for a
   * headless endpoint its label; the PTR target is spelled out only when asked, so an entry is two
   * references, not a name and a key per address (~130 bytes less per Service).
   */
  private record Owned(ServiceEntry service, String label) {
    boolean of(String serviceKey) {
      return serviceKey.equals(service.namespace() + "/" + service.name());
    }
  }

  private final String zone;
  private final Map<String, ServiceEntry> services = new ConcurrentHashMap<>();
  private final Map<String, Map<String, SliceEntry>> slicesByService = new ConcurrentHashMap<>();
  private final Map<String, String> serviceOfSlice = new HashMap<>();
  private final Map<String, Integer> servicesPerNamespace = new ConcurrentHashMap<>();
  private final Map<InetAddress, Owned> reverse = new ConcurrentHashMap<>();
  /** What {@link #reverse} holds per Service: a list of one or two for a ClusterIP Service, not a HashSet (~150 bytes each). */
  private final Map<String, List<InetAddress>> reverseOwned = new HashMap<>();

  /** {@code zone} is the cluster domain, e.g. {@code cluster.local}. */
  public ClusterRecords(String zone) {
    this.zone = zone;
  }

  public synchronized void putService(ServiceEntry s) {
    String key = s.key();
    if (services.put(key, s) == null) {
      servicesPerNamespace.merge(s.namespace(), 1, Integer::sum);
    }
    reindex(key);
  }

  public synchronized void deleteService(String namespace, String name) {
    String key = namespace + "/" + name;
    if (services.remove(key) != null) {
      servicesPerNamespace.computeIfPresent(namespace, (ns, n) -> n == 1 ? null : n - 1);
    }
    reindex(key);
  }

  public synchronized void putSlice(SliceEntry s) {
    String sliceKey = s.namespace() + "/" + s.name();
    String previous = serviceOfSlice.put(sliceKey, s.serviceKey());
    if (previous != null && !previous.equals(s.serviceKey())) {
      removeSlice(previous, s.name());
    }
    slicesByService.compute(s.serviceKey(), (k, m) -> {
      Map<String, SliceEntry> next = m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
      next.put(s.name(), s);
      return Map.copyOf(next);
    });
    reindex(s.serviceKey());
  }

  public synchronized void deleteSlice(String namespace, String name) {
    String serviceKey = serviceOfSlice.remove(namespace + "/" + name);
    if (serviceKey != null) {
      removeSlice(serviceKey, name);
    }
  }

  private void removeSlice(String serviceKey, String sliceName) {
    slicesByService.computeIfPresent(serviceKey, (k, m) -> {
      Map<String, SliceEntry> next = new HashMap<>(m);
      next.remove(sliceName);
      return next.isEmpty() ? null : Map.copyOf(next);
    });
    reindex(serviceKey);
  }

  public Optional<ServiceEntry> service(String namespace, String name) {
    return Optional.ofNullable(services.get(namespace + "/" + name));
  }

  public boolean hasNamespace(String namespace) {
    return servicesPerNamespace.containsKey(namespace);
  }

  /** The name an address points back to (PTR): a ClusterIP's Service, or a headless endpoint. */
  public Optional<String> ptr(InetAddress address) {
    Owned o = reverse.get(address);
    if (o == null) {
      return Optional.empty();
    }
    ServiceEntry s = o.service();
    String fqdn = s.name() + "." + s.namespace() + ".svc." + zone + ".";
    return Optional.of(o.label().isEmpty() ? fqdn : o.label() + "." + fqdn);
  }

  public int serviceCount() {
    return services.size();
  }

  /**
   * The endpoints a headless Service's name resolves to: ready ones, or all of them with
   * publishNotReadyAddresses; an address in two slices (during a slice hand-over) counts once.
   */
  public List<NamedEndpoint> endpoints(ServiceEntry s) {
    Map<String, SliceEntry> slices = slicesByService.getOrDefault(s.key(), Map.of());
    Map<InetAddress, NamedEndpoint> out = new LinkedHashMap<>();
    for (SliceEntry slice : slices.values()) {
      for (SliceEntry.Endpoint e : slice.endpoints()) {
        if (!e.ready() && !s.publishNotReadyAddresses()) {
          continue;
        }
        for (InetAddress a : e.addresses()) {
          out.putIfAbsent(a, new NamedEndpoint(e.hostname().orElse(dashed(a)), a));
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  /** Ports of a headless Service as its slices publish them (the target ports), by name. */
  public Collection<ServiceEntry.Port> slicePorts(ServiceEntry s) {
    Map<String, ServiceEntry.Port> out = new LinkedHashMap<>();
    for (SliceEntry slice : slicesByService.getOrDefault(s.key(), Map.of()).values()) {
      for (ServiceEntry.Port p : slice.ports()) {
        out.putIfAbsent(p.name() + "/" + p.protocol(), p);
      }
    }
    return out.values();
  }

  /** {@code 10.244.1.5} → {@code 10-244-1-5}; IPv6 {@code fd00::5} → {@code fd00--5}, as CoreDNS names them. */
  public static String dashed(InetAddress a) {
    String text = a.getHostAddress();
    if (a instanceof Inet6Address) {
      int pct = text.indexOf('%');
      text = pct >= 0 ? text.substring(0, pct) : text;
      return compressV6(text).replace(':', '-');
    }
    return text.replace('.', '-');
  }

  private static String compressV6(String full) {
    try {
      // Java prints 0:0:...; the shortest form (RFC 5952) is what resolvers and CoreDNS use
      return java.net.InetAddress.getByName(full).getHostAddress().replaceFirst("(^|:)0(:0)+(:|$)", "::");
    } catch (java.net.UnknownHostException e) {
      return full;
    }
  }

  /** Rebuild the PTR entries owned by one Service after any change to it or its slices. */
  private void reindex(String serviceKey) {
    List<InetAddress> old = reverseOwned.remove(serviceKey);
    if (old != null) {
      for (InetAddress a : old) {
        reverse.computeIfPresent(a, (k, o) -> o.of(serviceKey) ? null : o);
      }
    }
    ServiceEntry s = services.get(serviceKey);
    if (s == null) {
      return;
    }
    Set<InetAddress> owned = new LinkedHashSet<>();
    for (InetAddress ip : s.clusterIps()) {
      reverse.put(ip, new Owned(s, ""));
      owned.add(ip);
    }
    if (s.headless()) {
      for (NamedEndpoint e : endpoints(s)) {
        reverse.put(e.address(), new Owned(s, e.label()));
        owned.add(e.address());
      }
    }
    reverseOwned.put(serviceKey, List.copyOf(owned));
  }
}

package dev.podnet.controller.lb;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * MetalLB's allocation, computed for every LoadBalancer Service at once. Pure: the same pools and
 * Services give the same plan. Services keep addresses they hold while those still fit their
 * request (so a restart or a new pool never moves an IP); then the rest are served in order of
 * creation: requested addresses if a pool holds them and sharing allows, else the first usable
 * address of the first matching pool by priority. An address already used is usable when the
 * Services may share it. A pool that was deleted leaves its addresses allocated, as MetalLB does.
 */
final class Allocator {
  private final List<Pool> pools;
  private final Function<String, Map<String, String>> namespaceLabels;
  private final Map<InetAddress, List<ServiceRequest>> users = new HashMap<>();

  private Allocator(List<Pool> pools, Function<String, Map<String, String>> namespaceLabels) {
    this.pools = pools.stream().sorted(Pool.ORDER).toList();
    this.namespaceLabels = namespaceLabels;
  }

  /** {@code requests} in creation order; the plan by Service key ({@code ns/name}), in the same order. */
  static Map<String, Outcome> plan(List<Pool> pools, List<ServiceRequest> requests, Function<String, Map<String, String>> namespaceLabels) {
    Allocator a = new Allocator(pools, namespaceLabels);
    Map<String, Outcome> out = new LinkedHashMap<>();
    for (ServiceRequest r : requests) {
      a.keep(r).ifPresent(o -> out.put(r.key(), o));
    }
    for (ServiceRequest r : requests) {
      if (!out.containsKey(r.key())) {
        out.put(r.key(), a.allocate(r));
      }
    }
    return out;
  }

  /** The Service's current addresses, if they still answer its request and sharing allows them. */
  private Optional<Outcome> keep(ServiceRequest r) {
    if (r.current().isEmpty() || r.current().size() != r.families().size()) {
      return Optional.empty();
    }
    if (!r.requested().isEmpty() && !r.current().containsAll(r.requested())) {
      return Optional.empty();
    }
    String from = "";
    for (InetAddress ip : r.current()) {
      Optional<Pool> pool = pools.stream().filter(p -> p.contains(ip)).findFirst();
      if (r.pool().isPresent() && !pool.map(Pool::name).equals(r.pool()) || !canUse(ip, r)) {
        return Optional.empty();
      }
      from = pool.map(Pool::name).orElse(from);
    }
    r.current().forEach(ip -> take(ip, r));
    return Optional.of(new Outcome.Assigned(r.current(), from));
  }

  private Outcome allocate(ServiceRequest r) {
    if (r.pool().isPresent() && pools.stream().noneMatch(p -> p.name().equals(r.pool().get()))) {
      return new Outcome.Failed("pool \"" + r.pool().get() + "\" (metallb.io/address-pool) does not exist in " + MetalLbNames.NAMESPACE);
    }
    List<InetAddress> chosen = new ArrayList<>();
    String from = "";
    for (int i = 0; i < r.families().size(); i++) {
      Result one = r.requested().isEmpty() ? automatic(r, r.families().get(i)) : requested(r, r.requested().get(i));
      if (one instanceof Refused no) {
        return new Outcome.Failed(no.reason());
      }
      Got got = (Got) one;
      chosen.add(got.ip());
      from = got.pool().name();
    }
    chosen.forEach(ip -> take(ip, r));
    return new Outcome.Assigned(List.copyOf(chosen), from);
  }

  private sealed interface Result {}

  private record Got(InetAddress ip, Pool pool) implements Result {}

  private record Refused(String reason) implements Result {}

  private Result requested(ServiceRequest r, InetAddress ip) {
    String text = ip.getHostAddress();
    Optional<Pool> pool = pools.stream().filter(p -> p.contains(ip)).findFirst();
    if (pool.isEmpty()) {
      return new Refused("requested IP " + text + " is in no IPAddressPool of " + MetalLbNames.NAMESPACE);
    }
    if (r.pool().isPresent() && !pool.get().name().equals(r.pool().get())) {
      return new Refused("requested IP " + text + " is in pool \"" + pool.get().name() + "\", not in the requested pool \"" + r.pool().get() + "\"");
    }
    if (!admits(pool.get(), r)) {
      return new Refused("requested IP " + text + " is in pool \"" + pool.get().name() + "\", whose serviceAllocation does not admit this Service");
    }
    if (!canUse(ip, r)) {
      return new Refused("requested IP " + text + " is used by " + users.get(ip).get(0).key()
          + " and cannot be shared (sharing needs the same metallb.io/allow-shared-ip key and different ports)");
    }
    return new Got(ip, pool.get());
  }

  private Result automatic(ServiceRequest r, int family) {
    List<Pool> candidates = pools.stream().filter(p -> r.pool().map(p.name()::equals).orElse(p.autoAssign() && admits(p, r))).toList();
    if (candidates.isEmpty()) {
      return new Refused(r.pool().isPresent() ? "pool \"" + r.pool().get() + "\" does not admit this Service (serviceAllocation)"
          : "no IPAddressPool in " + MetalLbNames.NAMESPACE + " with autoAssign admits this Service");
    }
    for (Pool p : candidates) {
      Optional<InetAddress> ip = firstUsable(p, r, family);
      if (ip.isPresent()) {
        return new Got(ip.get(), p);
      }
    }
    String names = String.join(", ", candidates.stream().map(p -> "\"" + p.name() + "\"").toList());
    return new Refused("no available IPs: pool " + names + " exhausted (" + (family == 4 ? "IPv4" : "IPv6") + ")");
  }

  private Optional<InetAddress> firstUsable(Pool p, ServiceRequest r, int family) {
    for (var range : p.ranges()) {
      if (range.bytes() != family) {
        continue;
      }
      for (BigInteger i = BigInteger.ZERO; i.compareTo(range.size()) < 0; i = i.add(BigInteger.ONE)) {
        InetAddress ip = range.address(i);
        if (p.offers(ip) && canUse(ip, r)) {
          return Optional.of(ip);
        }
      }
    }
    return Optional.empty();
  }

  private boolean admits(Pool p, ServiceRequest r) {
    return p.admits(r.namespace(), namespaceLabels.apply(r.namespace()), r.labels());
  }

  private boolean canUse(InetAddress ip, ServiceRequest r) {
    return users.getOrDefault(ip, List.of()).stream().allMatch(u -> u.key().equals(r.key()) || r.canShareWith(u));
  }

  private void take(InetAddress ip, ServiceRequest r) {
    users.computeIfAbsent(ip, k -> new ArrayList<>()).add(r);
  }

  /** Addresses in use per pool, for the pools' status: (assigned IPv4, assigned IPv6) by pool name. */
  static Map<String, long[]> assigned(List<Pool> pools, Map<String, Outcome> plan) {
    Map<String, long[]> out = new HashMap<>();
    pools.forEach(p -> out.put(p.name(), new long[2]));
    plan.values().stream().filter(o -> o instanceof Outcome.Assigned).map(o -> (Outcome.Assigned) o)
        .flatMap(a -> a.ips().stream()).distinct().sorted(Comparator.comparing(InetAddress::getHostAddress)).forEach(ip ->
            pools.stream().filter(p -> p.contains(ip)).findFirst().ifPresent(p -> out.get(p.name())[ip.getAddress().length == 4 ? 0 : 1]++));
    return out;
  }
}

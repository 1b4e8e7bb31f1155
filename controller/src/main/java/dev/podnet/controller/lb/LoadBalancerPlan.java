package dev.podnet.controller.lb;

import dev.podnet.api.Services;
import dev.podnet.api.metallb.AddressRange;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.IpAddressPoolStatus;
import dev.podnet.controller.PodCidrs;
import io.fabric8.kubernetes.api.model.Service;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pools + Services → the status writes that make every LoadBalancer Service of podnet's class hold
 * the addresses MetalLB would give it, and each pool's counts. Pure; the controller applies it.
 *
 * @param services only Services whose status must change, plus every pending one
 * @param pools    the status each pool in {@code metallb-system} should show, by name
 */
public record LoadBalancerPlan(List<ServiceChange> services, Map<String, IpAddressPoolStatus> pools) {

  public static LoadBalancerPlan of(List<IpAddressPool> poolObjects, List<Service> services, Function<String, Map<String, String>> namespaceLabels) {
    List<Pool> pools = poolObjects.stream().filter(p -> MetalLbNames.NAMESPACE.equals(p.getMetadata().getNamespace())).map(Pool::of).toList();
    List<Service> ordered = services.stream().sorted(Comparator.comparing((Service s) -> Objects.requireNonNullElse(
        s.getMetadata().getCreationTimestamp(), "")).thenComparing(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())).toList();
    List<ServiceChange> changes = new ArrayList<>();
    List<ServiceRequest> requests = new ArrayList<>();
    Map<String, Service> byKey = new LinkedHashMap<>();
    for (Service s : ordered) {
      String ns = s.getMetadata().getNamespace();
      String name = s.getMetadata().getName();
      if (!ServiceRequest.isOurs(s)) {
        if (!Services.LOAD_BALANCER.equals(Services.type(s)) && !ServiceRequest.current(s).isEmpty()) {
          changes.add(new ServiceChange.Release(ns, name));
        }
        continue;
      }
      try {
        ServiceRequest r = ServiceRequest.of(s);
        requests.add(r);
        byKey.put(r.key(), s);
      } catch (IllegalArgumentException e) {
        changes.add(new ServiceChange.Pending(ns, name, e.getMessage(), !ServiceRequest.current(s).isEmpty()));
      }
    }
    Map<String, Outcome> plan = Allocator.plan(pools, requests, namespaceLabels);
    plan.forEach((key, outcome) -> change(byKey.get(key), outcome).ifPresent(changes::add));
    return new LoadBalancerPlan(List.copyOf(changes), statuses(pools, plan));
  }

  private static Optional<ServiceChange> change(Service s, Outcome outcome) {
    String ns = s.getMetadata().getNamespace();
    String name = s.getMetadata().getName();
    List<InetAddress> current = ServiceRequest.current(s);
    if (outcome instanceof Outcome.Failed f) {
      return Optional.of(new ServiceChange.Pending(ns, name, f.reason(), !current.isEmpty()));
    }
    Outcome.Assigned a = (Outcome.Assigned) outcome;
    String annotated = Objects.requireNonNullElse(s.getMetadata().getAnnotations(), Map.<String, String>of())
        .getOrDefault(MetalLbNames.ALLOCATED_FROM_POOL, "");
    boolean same = a.ips().equals(current) && (a.pool().isEmpty() || a.pool().equals(annotated)) && ipModeSet(s);
    return same ? Optional.empty() : Optional.of(new ServiceChange.Assign(ns, name, a.ips().stream().map(ip -> PodCidrs.format(ip.getAddress())).toList(),
        a.pool()));
  }

  private static boolean ipModeSet(Service s) {
    return s.getStatus().getLoadBalancer().getIngress().stream().allMatch(i -> "VIP".equals(i.getIpMode()));
  }

  private static Map<String, IpAddressPoolStatus> statuses(List<Pool> pools, Map<String, Outcome> plan) {
    Map<String, long[]> assigned = Allocator.assigned(pools, plan);
    Map<String, IpAddressPoolStatus> out = new LinkedHashMap<>();
    for (Pool p : pools) {
      long[] used = assigned.get(p.name());
      out.put(p.name(), new IpAddressPoolStatus(used[0], used[1], Math.max(0, size(p, 4) - used[0]), Math.max(0, size(p, 16) - used[1])));
    }
    return out;
  }

  /** Offered addresses of one family, capped at Long.MAX_VALUE (an IPv6 /64 has more). */
  private static long size(Pool p, int family) {
    BigInteger n = BigInteger.ZERO;
    for (var r : p.ranges()) {
      if (r.bytes() == family) {
        n = n.add(r.size());
        if (p.avoidBuggyIps() && family == 4) {
          n = n.subtract(BigInteger.valueOf(buggyIn(r)));
        }
      }
    }
    return n.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
  }

  /** Addresses ending in .0 or .255 in the range: those congruent to 0 or 255 modulo 256. */
  private static long buggyIn(AddressRange r) {
    BigInteger n = BigInteger.ZERO;
    for (int low : new int[] {0, 255}) {
      n = n.add(upTo(r.last(), low)).subtract(upTo(r.first().subtract(BigInteger.ONE), low));
    }
    return n.longValue();
  }

  /** How many x in [0, n] have x mod 256 == low. */
  private static BigInteger upTo(BigInteger n, int low) {
    BigInteger k = BigInteger.valueOf(low);
    return n.compareTo(k) < 0 ? BigInteger.ZERO : n.subtract(k).divide(BigInteger.valueOf(256)).add(BigInteger.ONE);
  }
}

package dev.podnet.controller.lb;

import dev.podnet.api.LabelSelector;
import dev.podnet.api.metallb.AddressRange;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.ServiceAllocation;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pool as the allocator uses it: its ranges parsed, and which Services it serves. A pool whose
 * addresses do not parse (written before validation, or straight into etcd) keeps the ranges that do.
 */
public record Pool(String name, List<AddressRange> ranges, boolean autoAssign, boolean avoidBuggyIps, Optional<ServiceAllocation> allocation) {

  /** Lower priority numbers first, unset last, then by name: MetalLB's order among matching pools. */
  static final Comparator<Pool> ORDER = Comparator.<Pool>comparingInt(p -> p.allocation().map(ServiceAllocation::priority)
      .orElse(Integer.MAX_VALUE)).thenComparing(Pool::name);

  public static Pool of(IpAddressPool p) {
    List<AddressRange> ranges = new ArrayList<>();
    for (String text : p.getSpec().addresses()) {
      try {
        ranges.add(AddressRange.parse(text));
      } catch (IllegalArgumentException e) {
        // validation refused it at the API; an old object keeps its good ranges
      }
    }
    return new Pool(p.name(), List.copyOf(ranges), p.getSpec().isAutoAssign(), p.getSpec().isAvoidingBuggyIps(), p.getSpec().allocation());
  }

  public boolean contains(InetAddress ip) {
    return ranges.stream().anyMatch(r -> r.contains(ip));
  }

  /** Whether this pool may serve a Service of {@code namespace} (whose labels are given) with {@code serviceLabels}. */
  boolean admits(String namespace, Map<String, String> namespaceLabels, Map<String, String> serviceLabels) {
    if (allocation.isEmpty()) {
      return true;
    }
    ServiceAllocation a = allocation.get();
    boolean namespaceScoped = !a.namespaces().isEmpty() || !a.namespaceSelectors().isEmpty();
    boolean inNamespace = a.namespaces().contains(namespace)
        || a.namespaceSelectors().stream().anyMatch(s -> LabelSelector.of(s).matches(namespaceLabels));
    if (namespaceScoped && !inNamespace) {
      return false;
    }
    return a.serviceSelectors().isEmpty() || a.serviceSelectors().stream().anyMatch(s -> LabelSelector.of(s).matches(serviceLabels));
  }

  /** Addresses a Service may be given: all, or all but .0 and .255 with avoidBuggyIPs. */
  boolean offers(InetAddress ip) {
    return contains(ip) && !(avoidBuggyIps && AddressRange.isBuggy(ip));
  }
}

package dev.podnet.controller.lb;

import dev.podnet.api.metallb.MetalLb;
import java.util.Map;
import java.util.Optional;

/**
 * The names MetalLB users write on Services, in both spellings MetalLB 0.14 reads: {@code metallb.io/}
 * and the older {@code metallb.universe.tf/}, so manifests written for either keep working.
 */
public final class MetalLbNames {
  /** Where the pools live; pools elsewhere are ignored, as MetalLB watches only its own namespace. */
  public static final String NAMESPACE = MetalLb.NAMESPACE;
  /** The loadBalancerClass podnet answers besides none; Services of any other class belong to someone else. */
  public static final String LOAD_BALANCER_CLASS = MetalLb.LOAD_BALANCER_CLASS;
  /** The component events are reported as, MetalLB's controller's name. */
  public static final String COMPONENT = "metallb-controller";

  public static final String LOAD_BALANCER_IPS = "loadBalancerIPs";
  public static final String ADDRESS_POOL = "address-pool";
  public static final String ALLOW_SHARED_IP = "allow-shared-ip";
  /** Written by the controller: the pool an address came from, as MetalLB does. */
  public static final String ALLOCATED_FROM_POOL = "metallb.io/ip-allocated-from-pool";

  private static final String[] PREFIXES = {"metallb.io/", "metallb.universe.tf/"};

  private MetalLbNames() {}

  /** The annotation {@code name} under either prefix; the current prefix wins when both are set. */
  static Optional<String> annotation(Map<String, String> annotations, String name) {
    for (String prefix : PREFIXES) {
      String v = annotations.get(prefix + name);
      if (v != null && !v.isBlank()) {
        return Optional.of(v.trim());
      }
    }
    return Optional.empty();
  }
}

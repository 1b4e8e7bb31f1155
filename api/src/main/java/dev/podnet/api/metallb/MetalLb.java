package dev.podnet.api.metallb;

import io.fabric8.kubernetes.api.model.Service;

/** What the allocation controller and the announcers agree on: where pools live and which Services are podnet's. */
public final class MetalLb {
  /** Pools and advertisements elsewhere are ignored, as MetalLB watches only its own namespace. */
  public static final String NAMESPACE = "metallb-system";
  /** The loadBalancerClass podnet answers besides none; Services of any other class belong to someone else. */
  public static final String LOAD_BALANCER_CLASS = "podnet.dev/metallb";

  private MetalLb() {}

  /** A LoadBalancer of no class or of podnet's: its addresses are allocated and announced by podnet. */
  public static boolean handles(Service svc) {
    if (svc.getSpec() == null || !"LoadBalancer".equals(svc.getSpec().getType())) {
      return false;
    }
    String cls = svc.getSpec().getLoadBalancerClass();
    return cls == null || cls.isEmpty() || LOAD_BALANCER_CLASS.equals(cls);
  }
}

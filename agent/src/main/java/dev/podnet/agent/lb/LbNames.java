package dev.podnet.agent.lb;

/** What the LoadBalancer announcer puts in the kernel and on the wire, and the API names it reads. */
public final class LbNames {
  private LbNames() {}

  /** Peers answer liveness probes here, UDP on their LAN address: memberlist's port, as MetalLB's speakers use it. */
  public static final int LIVENESS_PORT = 7946;
  /** Nodes with this label never announce, as upstream's service controller and MetalLB skip them. */
  public static final String EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";
  /** The component of the announcer's Events, MetalLB's speaker's. */
  public static final String COMPONENT = "metallb-speaker";
}

package dev.podnet.agent;

/** Names the agent gives to what the kernel shows on a node. */
public final class AgentNames {
  /** The node bridge pods attach to, as the CNI bridge plugin and kubenet name it. */
  public static final String BRIDGE = "cni0";

  private AgentNames() {}
}

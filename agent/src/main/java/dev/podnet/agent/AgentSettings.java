package dev.podnet.agent;

import java.util.Map;

/**
 * The cluster-wide settings a node agent takes from the {@code kube-system/podnet-config}
 * ConfigMap. The DaemonSet in {@code deploy/podnet.yaml} hands each key to the agent as the
 * environment variable named here (configMapKeyRef), so a change rolls out as a DaemonSet restart,
 * one node at a time, rather than under running agents.
 */
public final class AgentSettings {
  public static final String CONFIG_MAP = "podnet-config";

  /** The cluster's pod network, e.g. {@code 10.244.0.0/16}; each node's /24 is its Node's spec.podCIDR. */
  public static final String POD_CIDR = "pod-cidr";
  /** The routing backend, a name in {@link dev.podnet.agent.routing.Backends}: {@code vxlan} or {@code host-gw}. */
  public static final String BACKEND = "backend";
  /** The MTU of the node network (the hosts' uplinks); pods get it less the backend's overhead (50 for vxlan). */
  public static final String MTU = "mtu";

  /** How Service addresses are translated for pods: {@code nftables} (default) or {@code ebpf} (socket LB beside nftables). */
  public static final String DATAPATH = "datapath";

  /** ConfigMap key to environment variable. */
  public static final Map<String, String> ENV = Map.of(POD_CIDR, "PODNET_POD_CIDR", BACKEND, "PODNET_BACKEND", MTU, "PODNET_MTU",
      DATAPATH, "PODNET_DATAPATH");

  private AgentSettings() {}
}

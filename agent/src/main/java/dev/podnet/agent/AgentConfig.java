package dev.podnet.agent;

import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Netns;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one node's agent is told at start; everything else it learns from the API.
 *
 * @param node the Node object this agent programs for (kubelet's node name)
 * @param netns the network namespace it programs: the node's own (in the lab, the node namespace;
 *     on a real host, the host's)
 * @param routing the routing backend by name (vxlan, host-gw)
 * @param underlayDev the device of the link to the other nodes; empty: the one holding the node's InternalIP
 * @param underlayMtu its MTU
 * @param stateDir where the agent keeps IPAM leases and its CNI socket
 * @param clusterCidr the pods' address range (for the proxy's masquerade rules)
 * @param serviceCidr the Services' address range
 * @param resync how often routes and rules are checked against the kernel even without a change
 * @param datapath nftables, or ebpf (the socket LB for the node's pods, beside nftables)
 * @param owner whose eBPF pins and cgroups these are (the cluster's name): podnet-OWNER/NODE
 */
public record AgentConfig(String node, Netns netns, String routing, String underlayDev, int underlayMtu, Path stateDir, Cidr clusterCidr,
    Cidr serviceCidr, Duration resync, Datapath datapath, String owner) {

  public AgentConfig(String node, Netns netns, String routing, String underlayDev, int underlayMtu, Path stateDir, Cidr clusterCidr,
      Cidr serviceCidr, Duration resync) {
    this(node, netns, routing, underlayDev, underlayMtu, stateDir, clusterCidr, serviceCidr, resync, Datapath.NFTABLES, "podnet");
  }

  public AgentConfig withDatapath(Datapath d, String owner) {
    return new AgentConfig(node, netns, routing, underlayDev, underlayMtu, stateDir, clusterCidr, serviceCidr, resync, d, owner);
  }

  /** A real host: the host's own namespace, the device holding the node's address, state in /run/podnet (where the DaemonSet mounts it). */
  public static AgentConfig host(String node, String routing, int mtu, Cidr clusterCidr) {
    return new AgentConfig(node, Netns.host(), routing, "", mtu, Path.of("/run/podnet"), clusterCidr, Cidr.parse("10.96.0.0/12"),
        Duration.ofSeconds(10));
  }

  /** The lab's address plan and a 10 s resync. */
  public static AgentConfig lab(String node, Netns netns, String routing, String underlayDev, Path stateDir) {
    return new AgentConfig(node, netns, routing, underlayDev, 1500, stateDir, Cidr.parse("10.244.0.0/16"), Cidr.parse("10.96.0.0/12"),
        Duration.ofSeconds(10));
  }
}

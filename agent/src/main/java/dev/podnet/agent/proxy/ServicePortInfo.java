package dev.podnet.agent.proxy;

import java.net.InetAddress;
import java.util.List;

/**
 * One (Service, port): kube-proxy's unit of work. Every field is already filtered to the
 * proxy's family; {@code affinitySeconds} 0 means no session affinity, {@code nodePort} 0 none.
 */
public record ServicePortInfo(String namespace, String name, String portName, String protocol, int port,
    InetAddress clusterIp, int nodePort, List<InetAddress> externalIps, Policy policy, List<EndpointInfo> endpoints, Firewall firewall) {

  /** Traffic policies and affinity, which shape the chains but not the endpoints. */
  public record Policy(boolean externalLocal, boolean internalLocal, int affinitySeconds, int healthCheckNodePort) {}

  /**
   * loadBalancerSourceRanges: only {@code allowed} sources may open connections to the
   * LoadBalancer addresses among {@code loadBalancerIps}; empty ranges mean everyone may. NodePorts
   * and externalIPs are never filtered, as upstream.
   */
  public record Firewall(List<InetAddress> loadBalancerIps, List<String> allowed) {
    static final Firewall NONE = new Firewall(List.of(), List.of());

    public boolean isActive() {
      return !loadBalancerIps.isEmpty() && !allowed.isEmpty();
    }
  }

  /** {@code ns/name:port}, the comment on everything made for this port. */
  public String comment() {
    return namespace + "/" + name + ":" + (portName.isEmpty() ? Integer.toString(port) : portName);
  }

  /** {@code ns/name/proto/port}: the readable part of chain names. */
  String chainBase() {
    return namespace + "/" + name + "/" + proto() + "/" + (portName.isEmpty() ? Integer.toString(port) : portName);
  }

  /** The protocol as nft spells it. */
  String proto() {
    return protocol.toLowerCase(java.util.Locale.ROOT);
  }

  boolean hasExternal() {
    return nodePort > 0 || !externalIps.isEmpty();
  }
}

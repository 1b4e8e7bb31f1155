package dev.podnet.agent;

import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.kernel.Cidr;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** What the routing backends need from a Node object: its InternalIP and spec.podCIDR, as flannel reads them. */
public final class NodeObjects {
  private NodeObjects() {}

  /** Empty until the node has both an InternalIP and a pod CIDR (the node IPAM controller sets it soon after registration). */
  public static Optional<NodeInfo> info(Node n) {
    String cidr = n.getSpec() == null ? null : n.getSpec().getPodCIDR();
    if (cidr == null || cidr.isEmpty() || n.getStatus() == null) {
      return Optional.empty();
    }
    for (NodeAddress a : n.getStatus().getAddresses()) {
      if ("InternalIP".equals(a.getType())) {
        try {
          return Optional.of(new NodeInfo(n.getMetadata().getName(), InetAddress.getByName(a.getAddress()), Cidr.parse(cidr)));
        } catch (UnknownHostException | IllegalArgumentException e) {
          return Optional.empty(); // not an address: the node is not routable until it says where it is
        }
      }
    }
    return Optional.empty();
  }
}

package dev.podnet.agent.routing;

import dev.podnet.kernel.Cidr;
import java.net.InetAddress;

/**
 * What a node tells its peers, like a flannel lease: its name, its address on the node LAN (the
 * underlay) and its pod CIDR. Everything a backend needs to reach the node is derived from it.
 */
public record NodeInfo(String name, InetAddress lanAddress, Cidr podCidr) {
  public NodeInfo {
    podCidr = podCidr.network();
  }
}

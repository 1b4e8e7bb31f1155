package dev.podnet.cni;

import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.LinkNames;
import java.net.InetAddress;

/** A node's pod network: the bridge pods attach to, the node's pod CIDR (gateway = .1) and the pod MTU. */
public record NodeNetwork(String bridge, Cidr podCidr, int mtu) {
  public NodeNetwork {
    LinkNames.check(bridge);
    podCidr = podCidr.network();
    if (podCidr.bits() - podCidr.prefix() < 2) {
      throw new IllegalArgumentException("pod CIDR " + podCidr + " is too small: it needs a gateway and at least one pod address");
    }
    if (mtu < 68 || mtu > 65_535) {
      throw new IllegalArgumentException("pod MTU " + mtu + " out of range 68-65535");
    }
  }

  public InetAddress gateway() {
    return podCidr.addressAt(1);
  }
}

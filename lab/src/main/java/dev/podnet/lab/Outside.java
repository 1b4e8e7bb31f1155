package dev.podnet.lab;

import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Netns;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A machine on the node LAN that is not part of the cluster: a laptop on the same switch as the
 * nodes. It has one uplink, one LAN address and only the LAN's connected route: no route to pod
 * or Service CIDRs, so it reaches Services only through what the cluster exposes on the LAN
 * (LoadBalancer IPs announced by ARP, NodePorts on node addresses), as a real outside client.
 *
 * <pre>
 *   [pn-X-outside] eth0 172.18.0.254/16 ═ lan-outside ── lan0 ── nodes 172.18.0.2…
 *      172.18.0.0/16 dev eth0 (nothing else)
 * </pre>
 */
public final class Outside {
  /** The last address before the nodes could reach it: nodes run from .2 to at most .251. */
  static final int HOST_INDEX = 254;

  private final Netns.Named netns;
  private final Cidr address;

  private Outside(Netns.Named netns, Cidr address) {
    this.netns = netns;
    this.address = address;
  }

  /** Creates (or finds after a restart) the namespace, its uplink to the LAN bridge and its address. */
  static Outside ensure(Kernel kernel, LabNames names, LabConfig config, int mtu) {
    Netns.Named ns = kernel.ensureNetns(names.outside());
    if (!kernel.linkExists(ns, LabNames.UPLINK)) {
      kernel.apply(Netns.named(names.lan()), List.of(
          new IpCommand.LinkAdd(new LinkSpec.Veth(LabNames.OUTSIDE_PORT, LabNames.UPLINK, Optional.of(ns), mtu)),
          new IpCommand.LinkMaster(LabNames.OUTSIDE_PORT, LabNames.LAN_BRIDGE), new IpCommand.LinkUp(LabNames.OUTSIDE_PORT)));
    }
    Cidr address = new Cidr(config.lanCidr().addressAt(HOST_INDEX), config.lanCidr().prefix());
    kernel.apply(ns, List.of(new IpCommand.LinkUp(LabNames.UPLINK), new IpCommand.AddressReplace(LabNames.UPLINK, address)));
    kernel.sysctl(ns, Map.of("net.ipv6.conf.all.disable_ipv6", "1"));
    return new Outside(ns, address);
  }

  public Netns.Named netns() {
    return netns;
  }

  /** The client's own LAN address: what a Service with eTP=Local sees as the source. */
  public InetAddress address() {
    return address.address();
  }
}

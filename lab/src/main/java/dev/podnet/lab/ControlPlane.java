package dev.podnet.lab;

import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Route;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The control plane's place on the node LAN, as a kubeadm control-plane machine: a namespace
 * with one uplink and the first LAN address, where podnetd serves the API on :6443 for agents
 * and (behind the {@code kubernetes} Service) for pods. It routes each node's pod CIDR via that
 * node's LAN address, so a reply to a pod goes back through the pod's own node whatever the
 * routing backend (the node un-DNATs it there).
 *
 * <pre>
 *   [pn-X-control-plane] eth0 172.18.0.1 ═ lan-cp ── lan0 ── nodes
 *      10.244.0.0/24 via 172.18.0.2, 10.244.1.0/24 via 172.18.0.3, …
 * </pre>
 */
public final class ControlPlane {
  private final Kernel kernel;
  private final Netns.Named netns;
  private final Cidr address;

  private ControlPlane(Kernel kernel, Netns.Named netns, Cidr address) {
    this.kernel = kernel;
    this.netns = netns;
    this.address = address;
  }

  /** Creates (or finds after a restart) the namespace, its uplink to the LAN bridge and its address. */
  static ControlPlane ensure(Kernel kernel, LabNames names, LabConfig config, int mtu) {
    Netns.Named ns = kernel.ensureNetns(names.controlPlane());
    if (!kernel.linkExists(ns, LabNames.UPLINK)) {
      kernel.apply(Netns.named(names.lan()), List.of(
          new IpCommand.LinkAdd(new LinkSpec.Veth(LabNames.CONTROL_PLANE_PORT, LabNames.UPLINK, Optional.of(ns), mtu)),
          new IpCommand.LinkMaster(LabNames.CONTROL_PLANE_PORT, LabNames.LAN_BRIDGE), new IpCommand.LinkUp(LabNames.CONTROL_PLANE_PORT)));
    }
    Cidr address = new Cidr(controlPlaneAddress(config), config.lanCidr().prefix());
    kernel.apply(ns, List.of(new IpCommand.LinkUp(LabNames.UPLINK), new IpCommand.AddressReplace(LabNames.UPLINK, address)));
    kernel.sysctl(ns, Map.of("net.ipv6.conf.all.disable_ipv6", "1"));
    return new ControlPlane(kernel, ns, address);
  }

  /** The first host address of the LAN: nodes start after it. */
  static InetAddress controlPlaneAddress(LabConfig config) {
    return config.lanCidr().addressAt(1);
  }

  public Netns.Named netns() {
    return netns;
  }

  /** The control plane's LAN address (the API's endpoint). */
  public InetAddress address() {
    return address.address();
  }

  /** One route per node: its pod CIDR via its LAN address. Pure. */
  static List<Route> planRoutes(Collection<NodeInfo> nodes) {
    return nodes.stream().map(n -> Route.via(n.podCidr(), n.lanAddress(), LabNames.UPLINK)).toList();
  }

  /** Makes the pod-CIDR routes match {@code nodes}: adds what is missing, removes routes of nodes that are gone. */
  void sync(Collection<NodeInfo> nodes) {
    List<Route> want = planRoutes(nodes);
    Set<Cidr> wanted = want.stream().map(Route::dst).collect(Collectors.toSet());
    List<IpCommand> batch = new ArrayList<>();
    for (Route r : kernel.routes(netns)) {
      if (r.protocol() == Route.PROTO_PODNET && !wanted.contains(r.dst())) {
        batch.add(new IpCommand.RouteDelete(r));
      }
    }
    want.forEach(r -> batch.add(new IpCommand.RouteReplace(r)));
    kernel.apply(netns, batch);
  }
}

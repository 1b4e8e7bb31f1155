package dev.podnet.cni;

import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.MacAddress;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Route;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two batches that attach a pod: one {@code ip -batch} in the node's namespace (create the
 * pair with its far end already in the pod, enslave, hairpin, up) and one in the pod's (lo up,
 * address, default route). Two tool runs per ADD is what keeps it fast.
 */
record VethPlan(String hostVeth, MacAddress hostMac, MacAddress podMac, Cidr podAddress, List<IpCommand> host,
    List<IpCommand> pod) {

  static VethPlan of(NodeNetwork node, Attachment a, Netns pod, InetAddress ip, int mtu) {
    String veth = CniNames.hostVeth(a);
    MacAddress hostMac = CniNames.hostVethMac(a);
    MacAddress podMac = CniNames.macFor(ip);
    Cidr address = new Cidr(ip, node.podCidr().prefix());
    List<IpCommand> host = List.of(
        new IpCommand.LinkAdd(new LinkSpec.Veth(veth, a.ifname(), Optional.of(pod), mtu)),
        new IpCommand.LinkAddress(veth, hostMac),
        new IpCommand.LinkMaster(veth, node.bridge()),
        new IpCommand.BridgePortHairpin(veth, true),
        new IpCommand.LinkUp(veth));
    List<IpCommand> inPod = List.of(
        new IpCommand.LinkAddress(a.ifname(), podMac),
        new IpCommand.LinkUp("lo"),
        new IpCommand.LinkUp(a.ifname()),
        new IpCommand.AddressReplace(a.ifname(), address),
        new IpCommand.RouteReplace(Route.via(defaultRoute(ip), node.gateway(), a.ifname())));
    return new VethPlan(veth, hostMac, podMac, address, host, inPod);
  }

  /** The node bridge: created if missing, with a fixed MAC so it does not follow its ports'. */
  static List<IpCommand> bridge(NodeNetwork node, boolean exists) {
    String br = node.bridge();
    List<IpCommand> out = new ArrayList<>();
    if (!exists) {
      out.add(new IpCommand.LinkAdd(new LinkSpec.Bridge(br, node.mtu())));
    }
    out.add(new IpCommand.LinkAddress(br, CniNames.macFor(node.gateway())));
    out.add(new IpCommand.AddressReplace(br, new Cidr(node.gateway(), node.podCidr().prefix())));
    out.add(new IpCommand.LinkUp(br));
    return out;
  }

  static Cidr defaultRoute(InetAddress family) {
    return Cidr.parse(family.getAddress().length == 4 ? "0.0.0.0/0" : "::/0");
  }
}

package dev.podnet.agent.routing.vxlan;

import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.agent.routing.PeerPlan;
import dev.podnet.agent.routing.RoutingBackend;
import dev.podnet.agent.routing.Underlay;
import dev.podnet.kernel.FdbEntry;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.MacAddress;
import dev.podnet.kernel.Neighbor;
import dev.podnet.kernel.Route;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * flannel's vxlan backend, unicast only: per peer a static FDB entry (peer VTEP MAC → peer LAN
 * address), a permanent neighbor (peer's pod-network address → VTEP MAC) and an onlink route.
 */
public final class VxlanBackend implements RoutingBackend {
  /** Bytes VXLAN adds: outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8. */
  public static final int OVERHEAD = 50;

  private final int vni;
  private final int port;

  public VxlanBackend(int vni, int port) {
    this.vni = vni;
    this.port = port;
  }

  /** Default VNI 1 and the Linux/flannel port 8472. */
  public VxlanBackend() {
    this(1, 8472);
  }

  public int vni() {
    return vni;
  }

  public String deviceName() {
    return VxlanNames.device(vni);
  }

  @Override
  public String name() {
    return "vxlan";
  }

  @Override
  public OptionalInt encapsulationPort() {
    return OptionalInt.of(port);
  }

  @Override
  public int podMtu(Underlay underlay) {
    return underlay.mtu() - OVERHEAD;
  }

  @Override
  public Optional<LinkSpec> device(NodeInfo self, Underlay underlay) {
    return Optional.of(new LinkSpec.Vxlan(deviceName(), vni, port, self.lanAddress(), underlay.dev(), podMtu(underlay), vtepMac(self.lanAddress())));
  }

  @Override
  public PeerPlan planFor(NodeInfo self, NodeInfo peer, Underlay underlay) {
    String dev = deviceName();
    InetAddress peerVtepIp = peer.podCidr().addressAt(0);
    MacAddress mac = vtepMac(peer.lanAddress());
    return new PeerPlan(List.of(Route.onlink(peer.podCidr(), peerVtepIp, dev)), List.of(new Neighbor(peerVtepIp, mac, dev)),
        List.of(new FdbEntry(mac, dev, peer.lanAddress())));
  }

  /**
   * A node's VTEP MAC is a function of its LAN address, so a peer computes it instead of looking
   * it up, and a restarted node comes back with the same one. IPv4: 0e:70 + the four octets.
   */
  public static MacAddress vtepMac(InetAddress lan) {
    byte[] a = lan.getAddress();
    byte[] six = new byte[6];
    if (a.length == 4) {
      six[0] = 0x0e;
      six[1] = 0x70;
      System.arraycopy(a, 0, six, 2, 4);
    } else {
      try {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(lan.getHostAddress().getBytes(StandardCharsets.US_ASCII));
        System.arraycopy(h, 0, six, 0, 6);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return MacAddress.local(six);
  }
}

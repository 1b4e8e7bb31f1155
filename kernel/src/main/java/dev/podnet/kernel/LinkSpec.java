package dev.podnet.kernel;

import java.net.InetAddress;
import java.util.Optional;

/** A link to create. The kinds podnet makes, and nothing else. */
public sealed interface LinkSpec {
  String name();

  int mtu();

  /** {@code ip link add} arguments after {@code add}. */
  String spec();

  /**
   * A veth pair: {@code name} here, {@code peer} in {@code peerNetns} (or here when empty).
   * Both ends get {@code mtu}.
   */
  record Veth(String name, String peer, Optional<Netns> peerNetns, int mtu) implements LinkSpec {
    public Veth {
      LinkNames.check(name);
      LinkNames.check(peer);
    }

    @Override
    public String spec() {
      String in = peerNetns.map(n -> " netns " + n.linkRef()).orElse("");
      return name + " mtu " + mtu + " type veth peer name " + peer + " mtu " + mtu + in;
    }
  }

  record Bridge(String name, int mtu) implements LinkSpec {
    public Bridge {
      LinkNames.check(name);
    }

    @Override
    public String spec() {
      return name + " mtu " + mtu + " type bridge";
    }
  }

  /**
   * A VXLAN device in the flannel style: unicast only, static FDB, no learning, fixed MAC so
   * peers can compute it.
   */
  record Vxlan(String name, int vni, int port, InetAddress local, String dev, int mtu, MacAddress mac) implements LinkSpec {
    public Vxlan {
      LinkNames.check(name);
      if (vni < 1 || vni > 16_777_215) {
        throw new IllegalArgumentException("VXLAN VNI " + vni + " out of range 1-16777215");
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("VXLAN port " + port + " out of range 1-65535");
      }
    }

    @Override
    public String spec() {
      return name + " address " + mac + " mtu " + mtu + " type vxlan id " + vni + " local " + local.getHostAddress()
          + " dev " + dev + " dstport " + port + " nolearning";
    }
  }
}

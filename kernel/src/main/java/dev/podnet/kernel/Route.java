package dev.podnet.kernel;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A route in the main table. {@code protocol} marks the owner: podnet's routes carry
 * {@link #PROTO_PODNET} so a reconciler can tell them from the kernel's and an operator's.
 */
public record Route(Cidr dst, Optional<InetAddress> via, String dev, boolean onlink, int protocol) {

  /** rtnetlink protocol number podnet writes (unassigned by iproute2's rt_protos). */
  public static final int PROTO_PODNET = 77;
  public static final int PROTO_BOOT = 3;
  public static final int PROTO_KERNEL = 2;
  public static final int PROTO_STATIC = 4;
  /** iproute2's "bgp": routes the bgp routing backend learned from its peers. */
  public static final int PROTO_BGP = 186;

  public Route {
    dst = dst.network();
  }

  public static Route via(Cidr dst, InetAddress gateway, String dev) {
    return new Route(dst, Optional.of(gateway), dev, false, PROTO_PODNET);
  }

  public static Route onlink(Cidr dst, InetAddress gateway, String dev) {
    return new Route(dst, Optional.of(gateway), dev, true, PROTO_PODNET);
  }

  public static Route direct(Cidr dst, String dev) {
    return new Route(dst, Optional.empty(), dev, false, PROTO_PODNET);
  }

  public boolean isDefault() {
    return dst.prefix() == 0;
  }

  /** {@code ip route} arguments after the verb, e.g. {@code 10.244.2.0/24 via 10.244.2.0 dev podnet.1 proto 77 onlink}. */
  public String spec() {
    StringBuilder b = new StringBuilder(isDefault() ? "default" : dst.toString());
    via.ifPresent(v -> b.append(" via ").append(v.getHostAddress()));
    b.append(" dev ").append(dev);
    b.append(" proto ").append(protocolName(protocol));
    if (onlink) {
      b.append(" onlink");
    }
    return b.toString();
  }

  /** Key that identifies a route in the table (destination; the kernel allows one per metric). */
  public String key() {
    return dst.toString();
  }

  static String protocolName(int p) {
    return switch (p) {
      case PROTO_KERNEL -> "kernel";
      case PROTO_BOOT -> "boot";
      case PROTO_STATIC -> "static";
      case PROTO_BGP -> "bgp";
      default -> Integer.toString(p);
    };
  }

  @Override
  public String toString() {
    return spec();
  }
}

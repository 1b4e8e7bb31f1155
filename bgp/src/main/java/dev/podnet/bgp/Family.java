package dev.podnet.bgp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/** The address families podnet speaks (RFC 4760 AFI/SAFI): unicast IPv4 and IPv6, nothing else. */
public enum Family {
  IPV4_UNICAST(1, 1, 4),
  IPV6_UNICAST(2, 1, 16);

  private final int afi;
  private final int safi;
  private final int addressBytes;

  Family(int afi, int safi, int addressBytes) {
    this.afi = afi;
    this.safi = safi;
    this.addressBytes = addressBytes;
  }

  public int afi() {
    return afi;
  }

  public int safi() {
    return safi;
  }

  public int addressBytes() {
    return addressBytes;
  }

  public int maxLength() {
    return addressBytes * 8;
  }

  public static Optional<Family> of(int afi, int safi) {
    for (Family f : values()) {
      if (f.afi == afi && f.safi == safi) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  public static Family of(InetAddress address) {
    return address instanceof Inet4Address ? IPV4_UNICAST : IPV6_UNICAST;
  }
}

package dev.podnet.agent.proxy;

import dev.podnet.kernel.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;

/** The nft words that differ between IPv4 and IPv6; everything else is one code path. */
public enum IpFamily {
  V4("ip", "ipv4_addr", "127.0.0.0/8", "IPv4"),
  V6("ip6", "ipv6_addr", "::1", "IPv6");

  /** The table family and the address-match keyword ({@code ip daddr}, {@code ip6 daddr}). */
  final String nft;
  final String addrType;
  final String loopback;
  /** EndpointSlice addressType. */
  final String sliceType;

  IpFamily(String nft, String addrType, String loopback, String sliceType) {
    this.nft = nft;
    this.addrType = addrType;
    this.loopback = loopback;
    this.sliceType = sliceType;
  }

  public String nft() {
    return nft;
  }

  public static IpFamily of(Cidr cidr) {
    return cidr.isV4() ? V4 : V6;
  }

  boolean has(InetAddress a) {
    return (a instanceof Inet4Address) == (this == V4);
  }
}

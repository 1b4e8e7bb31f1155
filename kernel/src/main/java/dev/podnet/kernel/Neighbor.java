package dev.podnet.kernel;

import java.net.InetAddress;

/** A permanent neighbor (ARP/NDP) entry: {@code address} is at {@code lladdr} on {@code dev}. */
public record Neighbor(InetAddress address, MacAddress lladdr, String dev) {
  public String spec() {
    return address.getHostAddress() + " lladdr " + lladdr + " dev " + dev + " nud permanent";
  }

  @Override
  public String toString() {
    return spec();
  }
}

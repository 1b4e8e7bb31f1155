package dev.podnet.kernel;

import java.net.InetAddress;

/** A static forwarding entry on a VXLAN device: frames for {@code mac} go to VTEP {@code dst}. */
public record FdbEntry(MacAddress mac, String dev, InetAddress dst) {
  public String spec() {
    return mac + " dev " + dev + " dst " + dst.getHostAddress() + " self permanent";
  }

  @Override
  public String toString() {
    return spec();
  }
}

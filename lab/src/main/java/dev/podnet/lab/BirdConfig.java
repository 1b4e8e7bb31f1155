package dev.podnet.lab;

import dev.podnet.kernel.Cidr;
import java.net.InetAddress;
import java.nio.file.Path;

/** The edge router's BIRD 2 configuration, as text. */
final class BirdConfig {
  /** Proposed to the nodes; the session uses the lower of both sides' hold times, so a lab BGPPeer may ask for less. */
  static final int HOLD_TIME = 6;

  private BirdConfig() {}

  /**
   * Passive sessions with any node of {@code lan} in another AS ({@code neighbor range ...
   * external}: MetalLB's nodes dial out, with any myASN), everything learned imported and nothing
   * exported to them; the kernel gets the BGP routes with equal paths merged into one multipath
   * route ({@code merge paths}), which is the ECMP that spreads flows over nodes. After a session
   * fails BIRD waits {@code error wait time} before it accepts that node again: 1-5 s here, not
   * its 60-300 s default, so a node back on the LAN announces again within seconds.
   */
  static String edge(InetAddress routerId, Cidr lan, Path log) {
    return """
        router id %1$s;
        log "%3$s" all;
        protocol device { scan time 10; }
        protocol kernel {
          ipv4 { import none; export where source = RTS_BGP; };
          merge paths yes;
        }
        template bgp nodes {
          local %1$s as %4$d;
          hold time %5$d;
          connect retry time 2;
          error wait time 1, 5;
          ipv4 { import all; export none; };
        }
        protocol bgp node from nodes {
          neighbor range %2$s external;
          dynamic name "node";
        }
        """.formatted(routerId.getHostAddress(), lan, log, Edge.ASN, HOLD_TIME);
  }
}

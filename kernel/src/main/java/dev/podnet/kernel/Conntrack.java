package dev.podnet.kernel;

import java.net.InetAddress;

/**
 * The connection-tracking table of one namespace. Only deletes: a UDP flow keeps its NAT
 * binding as long as the client keeps sending, so when the endpoint behind it goes away the
 * entry must go too, or the client talks to a dead pod forever.
 */
public interface Conntrack {

  static Conntrack tool() {
    return new ConntrackTool();
  }

  /** Deletes UDP entries whose original destination is {@code origDst:port}; none counts as success. */
  void deleteUdp(Netns netns, InetAddress origDst, int port);

  /** Deletes UDP entries whose reply comes from {@code endpoint} (flows DNATed to it). */
  void deleteUdpByReplySource(Netns netns, InetAddress endpoint);
}

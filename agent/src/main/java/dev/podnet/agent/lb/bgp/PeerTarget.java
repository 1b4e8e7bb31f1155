package dev.podnet.agent.lb.bgp;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * One BGPPeer as this node's session to it: what must match for a running session to be kept
 * (any change restarts it, as a changed neighbour statement restarts a session on a router).
 * Times in seconds; {@code holdTime} 0 means no keepalives.
 */
record PeerTarget(String name, InetAddress address, int port, long myAsn, long peerAsn, Inet4Address routerId, int holdTime, int connectRetry) {

  boolean internal() {
    return myAsn == peerAsn;
  }
}

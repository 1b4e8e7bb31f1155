package dev.podnet.agent.routing.bgp;

import java.net.InetAddress;

/**
 * One session a node should have: with whom, in which AS, why (Calico's peer types), the
 * BGPPeer it was made for (empty for the node-to-node mesh), and whether this node reflects
 * routes to it (this node is a reflector, the peer is not one of its cluster).
 */
record Session(InetAddress address, long asn, Type type, String peerName, boolean reflectorClient) {
  /** As Calico's CalicoNodeStatus names them. */
  enum Type {
    NodeMesh, NodePeer, GlobalPeer
  }
}

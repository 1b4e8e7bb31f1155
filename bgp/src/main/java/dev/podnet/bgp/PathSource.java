package dev.podnet.bgp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/** Who a path came from: this speaker ({@code peer} empty) or a neighbour, with what the decision process needs. */
public record PathSource(Optional<InetAddress> peer, Inet4Address routerId, long peerAs, boolean external) {

  public static PathSource local(Inet4Address routerId, long asn) {
    return new PathSource(Optional.empty(), routerId, asn, false);
  }

  public boolean local() {
    return peer.isEmpty();
  }
}

package dev.podnet.bgp;

import java.net.Inet4Address;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What an OPEN exchange settled for one session (RFC 4271 4.2, 5492, 4760 8, 6793, 4724). */
record Negotiated(int holdTime, boolean fourOctetAs, Set<Family> families, Optional<Capability.GracefulRestart> peerRestart, Inet4Address remoteId) {

  static Negotiated of(Message.Open ours, Message.Open theirs) {
    int hold = Math.min(ours.holdTime(), theirs.holdTime());
    boolean fourOctet = ours.capability(Capability.FourOctetAs.class).isPresent()
        && theirs.capability(Capability.FourOctetAs.class).isPresent();
    return new Negotiated(hold, fourOctet, families(ours.capabilities(), theirs.capabilities()),
        theirs.capability(Capability.GracefulRestart.class), theirs.routerId());
  }

  /** A peer that advertises no multiprotocol capability speaks IPv4 unicast only (RFC 4760 8). */
  private static Set<Family> families(List<Capability> ours, List<Capability> theirs) {
    Set<Family> a = advertised(ours);
    Set<Family> b = advertised(theirs);
    a.retainAll(b);
    return a;
  }

  private static Set<Family> advertised(List<Capability> caps) {
    Set<Family> out = EnumSet.noneOf(Family.class);
    boolean any = false;
    for (Capability c : caps) {
      if (c instanceof Capability.Multiprotocol m) {
        any = true;
        Family.of(m.afi(), m.safi()).ifPresent(out::add);
      }
    }
    if (!any) {
      out.add(Family.IPV4_UNICAST);
    }
    return out;
  }

  WireOptions wire() {
    return fourOctetAs ? WireOptions.FOUR_OCTET : WireOptions.BEFORE_OPEN;
  }

  int keepaliveInterval() {
    return holdTime / 3;
  }

  /** Whether the peer keeps forwarding {@code f} across its restart, so its stale paths may stay (RFC 4724 4.2). */
  boolean peerKeptForwarding(Family f) {
    return peerRestart.map(g -> g.forwarding().getOrDefault(f, false)).orElse(false);
  }
}

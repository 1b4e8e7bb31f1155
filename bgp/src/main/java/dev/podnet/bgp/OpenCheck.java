package dev.podnet.bgp;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whether a peer's OPEN is acceptable (RFC 4271 6.2, 6286) and which connection survives a
 * collision (6.8): the speaker with the higher BGP identifier keeps the connection it opened.
 */
final class OpenCheck {
  private OpenCheck() {}

  /** Accepts the OPEN (moving {@code c} on) or returns the NOTIFICATION that refuses it. */
  static Optional<Message.Notification> accept(Peer peer, SpeakerCore core, Connection c, Message.Open o) {
    if (o.asn() != peer.config.asn()) {
      byte[] field = {(byte) (o.myAs() >> 8), (byte) o.myAs()};
      return Optional.of(new Message.Notification(Message.Notification.OPEN, 2, field));
    }
    if (!peer.external() && o.routerId().equals(core.config.routerId())) {
      return Optional.of(Message.Notification.of(Message.Notification.OPEN, 3));
    }
    Optional<Connection> other = peer.collidingWith(c);
    if (other.isPresent()) {
      Connection d = other.get();
      if (d.state == SessionState.ESTABLISHED && restartsGracefully(d, o)) {
        peer.supersede(d); // RFC 4724 4.2: a restarting peer's new OPEN ends the old session, its routes kept stale
      } else if (d.state == SessionState.ESTABLISHED) {
        return Optional.of(Message.Notification.of(Message.Notification.CEASE, 7));
      } else if (resolveCollision(peer, core, c, d, o)) {
        return Optional.of(Message.Notification.of(Message.Notification.CEASE, 7));
      }
    }
    peer.openConfirmed(c, Negotiated.of(core.open(peer.config), o));
    return Optional.empty();
  }

  /**
   * The new OPEN says "I restarted" (the R bit) to a session that negotiated graceful restart: a
   * restart the old socket has not noticed yet, not a collision of two fresh dials.
   */
  private static boolean restartsGracefully(Connection established, Message.Open o) {
    return established.negotiated.peerRestart().isPresent()
        && o.capability(Capability.GracefulRestart.class).map(Capability.GracefulRestart::restarting).orElse(false);
  }

  /** Returns true when {@code c} loses; otherwise closes {@code d}. */
  private static boolean resolveCollision(Peer peer, SpeakerCore core, Connection c, Connection d, Message.Open o) {
    boolean weAreHigher = Arrays.compareUnsigned(core.config.routerId().getAddress(), o.routerId().getAddress()) > 0;
    Connection loser = weAreHigher == c.outbound ? d : c;
    if (loser == c) {
      return true;
    }
    peer.refuse(d, Message.Notification.of(Message.Notification.CEASE, 7));
    return false;
  }
}

package dev.podnet.bgp;

import java.util.Optional;

/**
 * What the speaker tells its user (the routing backend installs these as kernel routes). Called
 * on the speaker's thread, in order; implementations record and return quickly.
 */
public interface RouteListener {

  /** The best path to {@code prefix} changed; empty means it is unreachable now. */
  void bestPathChanged(Prefix prefix, Optional<Path> best);

  /**
   * Every peer has sent End-of-RIB (or the restart time passed): routes installed before a
   * restart that the speaker has not re-learned are stale and may go (RFC 4724 4.1).
   */
  default void converged() {}
}

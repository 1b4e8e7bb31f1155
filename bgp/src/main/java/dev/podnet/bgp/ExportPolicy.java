package dev.podnet.bgp;

import java.util.Optional;

/**
 * What a peer is sent, after the speaker's own rules (no iBGP-learned paths to iBGP peers, own
 * AS prepended and next hop self towards eBGP): the attributes to send, or empty to send nothing.
 */
@FunctionalInterface
public interface ExportPolicy {
  ExportPolicy ALL = (best, outgoing) -> Optional.of(outgoing);

  /** Only prefixes this speaker originates: what a node announces to an edge router. */
  ExportPolicy LOCAL_ONLY = (best, outgoing) -> best.source().local() ? Optional.of(outgoing) : Optional.empty();

  Optional<PathAttributes> export(Path best, PathAttributes outgoing);
}

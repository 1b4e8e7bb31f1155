package dev.podnet.dns;

import java.util.Optional;

/**
 * One decoded question and what the reply must echo. {@code ednsPayload} is the client's
 * advertised UDP size when it sent an OPT record (EDNS0); {@code raw} is the query as received,
 * which the forwarder relays unchanged apart from the ID.
 */
public record Query(int id, String qname, int qtype, boolean recursionDesired, Optional<Integer> ednsPayload, byte[] raw) {
  /** The largest UDP reply the client accepts: 512 without EDNS0 (RFC 1035), else its size within [512, 4096]. */
  public int udpLimit() {
    return ednsPayload.map(p -> Math.max(512, Math.min(4096, p))).orElse(512);
  }
}

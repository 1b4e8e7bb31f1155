package dev.podnet.dns;

/** One resource record of an answer: owner name (absolute, with the trailing dot), TTL, data. */
public record Rr(String name, long ttl, Rdata data) {
  public int type() {
    return data.type();
  }

  /** Bytes on the wire with the owner name uncompressed: name, type, class, TTL, length, data. */
  int wireSize() {
    return Rdata.nameLength(name) + 10 + data.wireLength();
  }
}

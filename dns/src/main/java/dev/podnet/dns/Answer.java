package dev.podnet.dns;

import java.util.List;

/**
 * What the server says to one question, before it is put on the wire. {@code authoritative} is
 * set for names in the cluster zone (the AA bit); negative answers carry the zone's SOA in
 * {@code authority} so that resolvers cache them for its minimum TTL (RFC 2308).
 */
public record Answer(Rcode rcode, boolean authoritative, List<Rr> answer, List<Rr> authority, List<Rr> additional) {
  public enum Rcode {
    NOERROR(0), FORMERR(1), SERVFAIL(2), NXDOMAIN(3), NOTIMP(4), REFUSED(5);

    public final int code;

    Rcode(int code) {
      this.code = code;
    }
  }

  public Answer {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
  }

  static Answer records(List<Rr> answer, List<Rr> additional) {
    return new Answer(Rcode.NOERROR, true, answer, List.of(), additional);
  }

  /** The name exists but has no record of the asked type. */
  static Answer noData(Rr soa) {
    return new Answer(Rcode.NOERROR, true, List.of(), List.of(soa), List.of());
  }

  static Answer nxDomain(Rr soa) {
    return new Answer(Rcode.NXDOMAIN, true, List.of(), List.of(soa), List.of());
  }

  public static Answer failure(Rcode rcode) {
    return new Answer(rcode, false, List.of(), List.of(), List.of());
  }

  public boolean isNoData() {
    return rcode == Rcode.NOERROR && answer.isEmpty();
  }
}

package dev.podnet.dns;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.util.List;

/**
 * Answers as Netty DNS responses. The size is computed first (Netty writes names uncompressed,
 * as {@link Rr#wireSize} counts them); a UDP reply over the client's limit goes out with TC set
 * and no records, so the client retries over TCP (RFC 7766) rather than getting half an RRset.
 */
final class Replies {
  /** What this server accepts over UDP when a client asks with EDNS0 (the DNS flag day 2020 value). */
  static final int EDNS_PAYLOAD = 1232;

  private Replies() {}

  static <R extends DnsResponse> R fill(R r, Query q, Answer a, int limit) {
    r.setAuthoritativeAnswer(a.authoritative());
    r.setRecursionDesired(q.recursionDesired());
    r.setRecursionAvailable(true);
    r.setCode(DnsResponseCode.valueOf(a.rcode().code));
    r.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(q.qname(), DnsRecordType.valueOf(q.qtype())));
    int size = 12 + Rdata.name(q.qname()).length + 4 + (q.ednsPayload().isPresent() ? 11 : 0);
    for (List<Rr> section : List.of(a.answer(), a.authority(), a.additional())) {
      for (Rr rr : section) {
        size += rr.wireSize();
      }
    }
    if (size > limit) {
      r.setTruncated(true);
    } else {
      add(r, DnsSection.ANSWER, a.answer());
      add(r, DnsSection.AUTHORITY, a.authority());
      add(r, DnsSection.ADDITIONAL, a.additional());
    }
    if (q.ednsPayload().isPresent()) {
      // OPT: owner root, class = our UDP payload size, TTL = extended rcode/version/flags all zero
      r.addRecord(DnsSection.ADDITIONAL, new DefaultDnsRawRecord(".", DnsRecordType.OPT, EDNS_PAYLOAD, 0, Unpooled.EMPTY_BUFFER));
    }
    return r;
  }

  /** A reply carrying only the header: FORMERR/NOTIMP for a message whose question could not be trusted. */
  static <R extends DnsResponse> R headerOnly(R r, Answer.Rcode rcode) {
    r.setOpCode(DnsOpCode.QUERY);
    r.setCode(DnsResponseCode.valueOf(rcode.code));
    return r;
  }

  private static void add(DnsResponse r, DnsSection section, List<Rr> records) {
    for (Rr rr : records) {
      r.addRecord(section, new DefaultDnsRawRecord(rr.name(), DnsRecordType.valueOf(rr.type()), rr.ttl(),
          Unpooled.wrappedBuffer(rr.data().wire())));
    }
  }

  /** {@code message} with its first two bytes replaced by {@code id}. */
  static byte[] withId(byte[] message, int id) {
    byte[] out = message.clone();
    out[0] = (byte) (id >>> 8);
    out[1] = (byte) id;
    return out;
  }
}

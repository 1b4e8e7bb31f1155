package dev.podnet.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * Answers on the wire (RFC 1035 §4.1), written in one pass into one buffer of the exact size: the
 * hot path of every query, so no codec objects, no per-record buffers, no IDN conversion (Netty's
 * DNS records run IDN.toASCII on every name; cluster names are ASCII already). The size is computed
 * first (names uncompressed, as {@link Rr#wireSize} counts them); a UDP reply over the client's
 * limit goes out with TC set and no records, so the client retries over TCP (RFC 7766) rather than
 * getting half an RRset.
 */
final class Replies {
  /** What this server accepts over UDP when a client asks with EDNS0 (the DNS flag day 2020 value). */
  static final int EDNS_PAYLOAD = 1232;
  private static final int HEADER = 12;
  private static final int CLASS_IN = 1;
  /** The OPT pseudo-record: root owner, type, class (payload size), TTL (extended rcode, version, flags), empty data. */
  private static final int OPT_SIZE = 11;

  private Replies() {}

  /** The whole reply to {@code q}; {@code prefix} bytes are left free in front of it (2 for TCP's length field). */
  static ByteBuf encode(ByteBufAllocator alloc, Query q, Answer a, int limit, int prefix) {
    int question = Rdata.nameLength(q.qname()) + 4;
    int opt = q.ednsPayload().isPresent() ? OPT_SIZE : 0;
    int records = size(a.answer()) + size(a.authority()) + size(a.additional());
    boolean truncated = HEADER + question + records + opt > limit;
    int length = HEADER + question + (truncated ? 0 : records) + opt;
    ByteBuf out = alloc.buffer(prefix + length);
    out.writerIndex(prefix);
    int flags = 0x8000 | (a.authoritative() ? 0x0400 : 0) | (truncated ? 0x0200 : 0) | (q.recursionDesired() ? 0x0100 : 0) | 0x0080
        | a.rcode().code;
    out.writeShort(q.id()).writeShort(flags).writeShort(1);
    out.writeShort(truncated ? 0 : a.answer().size()).writeShort(truncated ? 0 : a.authority().size())
        .writeShort((truncated ? 0 : a.additional().size()) + (opt > 0 ? 1 : 0));
    Rdata.writeName(out, q.qname());
    out.writeShort(q.qtype()).writeShort(CLASS_IN);
    if (!truncated) {
      write(out, a.answer());
      write(out, a.authority());
      write(out, a.additional());
    }
    if (opt > 0) {
      out.writeByte(0).writeShort(Rdata.OPT).writeShort(EDNS_PAYLOAD).writeInt(0).writeShort(0);
    }
    return out;
  }

  /** A reply carrying only the header: FORMERR/NOTIMP for a message whose question could not be trusted. */
  static ByteBuf headerOnly(ByteBufAllocator alloc, int id, Answer.Rcode rcode, int prefix) {
    ByteBuf out = alloc.buffer(prefix + HEADER);
    out.writerIndex(prefix);
    return out.writeShort(id).writeShort(0x8000 | rcode.code).writeLong(0);
  }

  private static int size(List<Rr> records) {
    int n = 0;
    for (int i = 0; i < records.size(); i++) {
      n += records.get(i).wireSize();
    }
    return n;
  }

  private static void write(ByteBuf out, List<Rr> records) {
    for (int i = 0; i < records.size(); i++) {
      Rr rr = records.get(i);
      Rdata.writeName(out, rr.name());
      out.writeShort(rr.type()).writeShort(CLASS_IN).writeInt((int) rr.ttl()).writeShort(rr.data().wireLength());
      rr.data().writeTo(out);
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

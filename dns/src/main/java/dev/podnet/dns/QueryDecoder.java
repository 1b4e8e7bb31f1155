package dev.podnet.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Netty's DNS query codec behind a total function: every byte string becomes a {@link Decoded}
 * outcome, never an exception. Netty rejects compression-pointer loops, names past the packet and
 * truncated sections; what it rejects, or what has not exactly one question, is FORMERR when the
 * header is readable (the client learns its query was bad) and dropped otherwise (nothing to reply to).
 */
final class QueryDecoder extends DatagramDnsQueryDecoder {
  /** Outcome of decoding one message. */
  sealed interface Decoded {}

  record Ok(Query query) implements Decoded {}

  /** Reply with this rcode and no question (the message could not be trusted past its header). */
  record Reject(int id, Answer.Rcode rcode) implements Decoded {}

  record Drop(String reason) implements Decoded {}

  private static final InetSocketAddress NOWHERE = new InetSocketAddress(0);
  private static final int MAX_LABELS = 127;

  Decoded decode(ByteBuf message) {
    int start = message.readerIndex();
    int length = message.readableBytes();
    if (length < 12) {
      return new Drop("shorter than a DNS header: " + length + " bytes");
    }
    int id = message.getUnsignedShort(start);
    int flags = message.getUnsignedShort(start + 2);
    if ((flags & 0x8000) != 0) {
      // a response sent to a server: answering would let two servers bounce packets forever
      return new Drop("QR bit set");
    }
    int opcode = (flags >>> 11) & 0xF;
    if (opcode != DnsOpCode.QUERY.byteValue()) {
      return new Reject(id, Answer.Rcode.NOTIMP);
    }
    if (message.getUnsignedShort(start + 4) != 1) {
      return new Reject(id, Answer.Rcode.FORMERR);
    }
    byte[] raw = ByteBufUtil.getBytes(message, start, length);
    List<Object> out = new ArrayList<>(1);
    DatagramPacket packet = new DatagramPacket(message.retainedSlice(start, length), NOWHERE, NOWHERE);
    try {
      super.decode(null, packet, out);
    } catch (Exception | StackOverflowError e) {
      return new Reject(id, Answer.Rcode.FORMERR);
    } finally {
      packet.release();
    }
    DnsQuery q = (DnsQuery) out.get(0);
    try {
      if (!countsMatch(q, message, start)) {
        // Netty stops at the first record that does not fit; a header promising more is malformed
        return new Reject(id, Answer.Rcode.FORMERR);
      }
      return toQuery(q, raw);
    } finally {
      q.release();
    }
  }

  private static boolean countsMatch(DnsQuery q, ByteBuf message, int start) {
    return q.count(DnsSection.QUESTION) == 1
        && q.count(DnsSection.ANSWER) == message.getUnsignedShort(start + 6)
        && q.count(DnsSection.AUTHORITY) == message.getUnsignedShort(start + 8)
        && q.count(DnsSection.ADDITIONAL) == message.getUnsignedShort(start + 10);
  }

  private static Decoded toQuery(DnsQuery q, byte[] raw) {
    DnsRecord question = q.recordAt(DnsSection.QUESTION);
    String name = question.name().isEmpty() ? "." : question.name();
    if (name.chars().filter(c -> c == '.').count() > MAX_LABELS || name.length() > 254) {
      return new Reject(q.id(), Answer.Rcode.FORMERR);
    }
    Optional<Integer> edns = Optional.empty();
    for (int i = 0, n = q.count(DnsSection.ADDITIONAL); i < n; i++) {
      DnsRecord r = q.recordAt(DnsSection.ADDITIONAL, i);
      if (r.type().intValue() == Rdata.OPT) {
        edns = Optional.of(r.dnsClass() & 0xFFFF);
      }
    }
    return new Ok(new Query(q.id(), name, question.type().intValue(), q.isRecursionDesired(), edns, raw));
  }
}

package dev.podnet.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Optional;

/**
 * A DNS query (RFC 1035 §4.1, EDNS0 OPT per RFC 6891) read straight from the datagram, as a total
 * function: every byte string becomes a {@link Decoded} outcome, never an exception. A message
 * whose header is readable but whose question or records are not (past the end, compression
 * pointers that do not point backwards, reserved label types, more labels or bytes than a name may
 * have, not exactly one question) is FORMERR, so the client learns its query was bad; one without a
 * readable header is dropped (nothing to reply to). It replaces Netty's query codec on the hot path,
 * which built a message object per query and ran IDN.toASCII on every name.
 */
final class QueryDecoder {
  /** Outcome of decoding one message. */
  sealed interface Decoded {}

  record Ok(Query query) implements Decoded {}

  /** Reply with this rcode and no question (the message could not be trusted past its header). */
  record Reject(int id, Answer.Rcode rcode) implements Decoded {}

  record Drop(String reason) implements Decoded {}

  private static final int HEADER = 12;
  private static final int MAX_LABELS = 127;
  /** RFC 1035 §3.1: 255 bytes on the wire, so 254 characters with the dots and without the root's. */
  private static final int MAX_NAME = 254;

  /** Thrown only inside this class, for a message that is malformed past its header. */
  private static final class Malformed extends Exception {
    Malformed() {
      super(null, null, false, false);
    }
  }

  private static final Malformed MALFORMED = new Malformed();

  Decoded decode(ByteBuf message) {
    int start = message.readerIndex();
    int length = message.readableBytes();
    if (length < HEADER) {
      return new Drop("shorter than a DNS header: " + length + " bytes");
    }
    int id = message.getUnsignedShort(start);
    int flags = message.getUnsignedShort(start + 2);
    if ((flags & 0x8000) != 0) {
      // a response sent to a server: answering would let two servers bounce packets forever
      return new Drop("QR bit set");
    }
    if (((flags >>> 11) & 0xF) != 0) {
      return new Reject(id, Answer.Rcode.NOTIMP);
    }
    if (message.getUnsignedShort(start + 4) != 1) {
      return new Reject(id, Answer.Rcode.FORMERR);
    }
    try {
      return new Ok(read(message.slice(start, length), id, flags));
    } catch (Malformed e) {
      return new Reject(id, Answer.Rcode.FORMERR);
    }
  }

  /** {@code m} holds exactly the message, from index 0. */
  private static Query read(ByteBuf m, int id, int flags) throws Malformed {
    StringBuilder qname = new StringBuilder(64);
    int at = name(m, HEADER, qname);
    need(m, at, 4);
    int qtype = m.getUnsignedShort(at);
    at += 4;
    Optional<Integer> edns = Optional.empty();
    int records = m.getUnsignedShort(6) + m.getUnsignedShort(8) + m.getUnsignedShort(10);
    int additionalFrom = m.getUnsignedShort(6) + m.getUnsignedShort(8);
    for (int i = 0; i < records; i++) {
      at = name(m, at, null);
      need(m, at, 10);
      int type = m.getUnsignedShort(at);
      int rdlength = m.getUnsignedShort(at + 8);
      if (i >= additionalFrom && type == Rdata.OPT) {
        edns = Optional.of(m.getUnsignedShort(at + 2));
      }
      at += 10;
      need(m, at, rdlength);
      at += rdlength;
    }
    return new Query(id, qname.toString(), qtype, (flags & 0x0100) != 0, edns, ByteBufUtil.getBytes(m, 0, m.writerIndex()));
  }

  /**
   * Reads the name at {@code at} into {@code out} (when given) as {@code a.b.} ({@code .} for the
   * root); returns the index after it where it sits in the message (after the first pointer, if any).
   */
  private static int name(ByteBuf m, int at, StringBuilder out) throws Malformed {
    int end = -1;
    int labels = 0;
    int chars = 0;
    int pos = at;
    int lowestJump = at;
    while (true) {
      need(m, pos, 1);
      int len = m.getUnsignedByte(pos);
      if (len == 0) {
        break;
      }
      if ((len & 0xC0) == 0xC0) {
        need(m, pos, 2);
        int target = ((len & 0x3F) << 8) | m.getUnsignedByte(pos + 1);
        // only backwards, each jump before the last: a loop cannot be built
        if (target >= lowestJump) {
          throw MALFORMED;
        }
        end = end < 0 ? pos + 2 : end;
        lowestJump = target;
        pos = target;
        continue;
      }
      if ((len & 0xC0) != 0) {
        throw MALFORMED; // 0x40 and 0x80: label types RFC 6891 retired
      }
      need(m, pos + 1, len);
      labels++;
      chars += len + 1;
      if (labels > MAX_LABELS || chars > MAX_NAME) {
        throw MALFORMED;
      }
      if (out != null) {
        label(m, pos + 1, len, out);
      }
      pos += 1 + len;
    }
    if (out != null && out.length() == 0) {
      out.append('.');
    }
    return end >= 0 ? end : pos + 1;
  }

  /** A label's bytes as chars, then its dot; a dot inside a label could not be told from a separator. */
  private static void label(ByteBuf m, int from, int len, StringBuilder out) throws Malformed {
    for (int i = from; i < from + len; i++) {
      char c = (char) m.getUnsignedByte(i);
      if (c == '.') {
        throw MALFORMED;
      }
      out.append(c);
    }
    out.append('.');
  }

  private static void need(ByteBuf m, int at, int bytes) throws Malformed {
    if (at + bytes > m.writerIndex()) {
      throw MALFORMED;
    }
  }
}

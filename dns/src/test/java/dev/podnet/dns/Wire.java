package dev.podnet.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsSection;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A test client's view of DNS messages: queries built by hand, replies decoded by Netty into plain values. */
final class Wire {
  /** A decoded reply: header bits, and each section's records as "name type ttl data" text. */
  record Reply(int id, int rcode, boolean aa, boolean tc, List<String> answer, List<String> authority,
               List<String> additional) {}

  private Wire() {}

  static byte[] query(int id, String name, int type, int ednsPayload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(id >>> 8);
    out.write(id);
    out.write(0x01); // RD
    out.write(0);
    out.writeBytes(new byte[] {0, 1, 0, 0, 0, 0, 0, (byte) (ednsPayload > 0 ? 1 : 0)});
    out.writeBytes(Rdata.name(name));
    out.writeBytes(new byte[] {(byte) (type >>> 8), (byte) type, 0, 1});
    if (ednsPayload > 0) {
      out.writeBytes(new byte[] {0, 0, 41, (byte) (ednsPayload >>> 8), (byte) ednsPayload, 0, 0, 0, 0, 0, 0});
    }
    return out.toByteArray();
  }

  static Reply parse(byte[] message) {
    List<Object> out = new ArrayList<>();
    var decoder = new DatagramDnsResponseDecoder() {
      void run() throws Exception {
        InetSocketAddress a = new InetSocketAddress(0);
        decode(null, new DatagramPacket(Unpooled.wrappedBuffer(message), a, a), out);
      }
    };
    try {
      decoder.run();
    } catch (Exception e) {
      throw new AssertionError("reply does not decode: " + ByteBufUtil.hexDump(message), e);
    }
    DnsResponse r = (DnsResponse) out.get(0);
    try {
      return new Reply(r.id(), r.code().intValue(), r.isAuthoritativeAnswer(), r.isTruncated(),
          texts(r, DnsSection.ANSWER), texts(r, DnsSection.AUTHORITY), texts(r, DnsSection.ADDITIONAL));
    } finally {
      r.release();
    }
  }

  private static List<String> texts(DnsResponse r, DnsSection s) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < r.count(s); i++) {
      DnsRecord rec = r.recordAt(s, i);
      if (rec.type().intValue() == Rdata.OPT) {
        out.add("OPT " + rec.dnsClass());
        continue;
      }
      out.add(rec.name() + " " + rec.type().name() + " " + rec.timeToLive() + " " + data(rec));
    }
    return out;
  }

  private static String data(DnsRecord rec) {
    if (rec instanceof DnsPtrRecord p) {
      return p.hostname();
    }
    ByteBuf c = ((DnsRawRecord) rec).content();
    byte[] b = ByteBufUtil.getBytes(c);
    try {
      return switch (rec.type().intValue()) {
        case Rdata.A, Rdata.AAAA -> InetAddress.getByAddress(b).getHostAddress();
        case Rdata.SRV -> ((b[0] & 0xff) << 8 | b[1] & 0xff) + " " + ((b[2] & 0xff) << 8 | b[3] & 0xff) + " "
            + ((b[4] & 0xff) << 8 | b[5] & 0xff) + " " + name(b, 6);
        case Rdata.CNAME -> io.netty.handler.codec.dns.DefaultDnsRecordDecoder.decodeName(Unpooled.wrappedBuffer(b));
        case Rdata.TXT -> new String(b, 1, b[0]);
        case Rdata.SOA -> name(b, 0);
        default -> ByteBufUtil.hexDump(b);
      };
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static String name(byte[] b, int from) {
    return io.netty.handler.codec.dns.DefaultDnsRecordDecoder.decodeName(Unpooled.wrappedBuffer(b, from, b.length - from));
  }
}

package dev.podnet.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The data of one resource record, for the few types cluster DNS answers. Each knows its wire
 * form (RFC 1035 §3.3) and writes it straight into the reply's buffer, so an answer costs no
 * intermediate arrays; names inside are written uncompressed, which costs bytes but keeps the size
 * of a response computable before it is encoded (truncation is decided on that size).
 */
public sealed interface Rdata {
  int A = 1, NS = 2, CNAME = 5, SOA = 6, PTR = 12, TXT = 16, AAAA = 28, SRV = 33, OPT = 41, ANY = 255;

  int type();

  /** Bytes of {@link #writeTo}. */
  int wireLength();

  void writeTo(ByteBuf out);

  /** The wire form as an array (tests, and the rare caller that keeps it). */
  default byte[] wire() {
    ByteBuf b = Unpooled.buffer(wireLength());
    writeTo(b);
    return ByteBufUtil.getBytes(b);
  }

  /** An A or AAAA record, by the address family. */
  record Address(InetAddress address) implements Rdata {
    public int type() {
      return address instanceof Inet4Address ? A : AAAA;
    }

    public int wireLength() {
      return address instanceof Inet4Address ? 4 : 16;
    }

    public void writeTo(ByteBuf out) {
      out.writeBytes(address.getAddress());
    }
  }

  record Cname(String target) implements Rdata {
    public int type() {
      return CNAME;
    }

    public int wireLength() {
      return nameLength(target);
    }

    public void writeTo(ByteBuf out) {
      writeName(out, target);
    }
  }

  record Ptr(String target) implements Rdata {
    public int type() {
      return PTR;
    }

    public int wireLength() {
      return nameLength(target);
    }

    public void writeTo(ByteBuf out) {
      writeName(out, target);
    }
  }

  record Srv(int priority, int weight, int port, String target) implements Rdata {
    public int type() {
      return SRV;
    }

    public int wireLength() {
      return 6 + nameLength(target);
    }

    public void writeTo(ByteBuf out) {
      out.writeShort(priority).writeShort(weight).writeShort(port);
      writeName(out, target);
    }
  }

  record Txt(String text) implements Rdata {
    public int type() {
      return TXT;
    }

    public int wireLength() {
      return 1 + text.length();
    }

    public void writeTo(ByteBuf out) {
      out.writeByte(text.length());
      writeAscii(out, text, 0, text.length());
    }
  }

  /** Times in seconds; {@code minimum} is the negative-caching TTL (RFC 2308). */
  record Soa(String mname, String rname, long serial, int refresh, int retry, int expire, int minimum) implements Rdata {
    public int type() {
      return SOA;
    }

    public int wireLength() {
      return nameLength(mname) + nameLength(rname) + 20;
    }

    public void writeTo(ByteBuf out) {
      writeName(out, mname);
      writeName(out, rname);
      out.writeInt((int) serial).writeInt(refresh).writeInt(retry).writeInt(expire).writeInt(minimum);
    }
  }

  /** {@code a.b.} → length-prefixed labels and the root byte. */
  static byte[] name(String fqdn) {
    ByteBuf b = Unpooled.buffer(nameLength(fqdn));
    writeName(b, fqdn);
    return ByteBufUtil.getBytes(b);
  }

  /** Bytes of {@link #writeName}: each non-empty label with its length byte, and the root. */
  static int nameLength(String fqdn) {
    int n = 1;
    int start = 0;
    for (int i = 0; i <= fqdn.length(); i++) {
      if (i == fqdn.length() || fqdn.charAt(i) == '.') {
        n += i > start ? 1 + i - start : 0;
        start = i + 1;
      }
    }
    return n;
  }

  /** Labels as they are (empty ones skipped, so "a..b" and "a.b." write the same), without splitting into strings. */
  static void writeName(ByteBuf out, String fqdn) {
    int start = 0;
    for (int i = 0; i <= fqdn.length(); i++) {
      if (i == fqdn.length() || fqdn.charAt(i) == '.') {
        if (i > start) {
          out.writeByte(i - start);
          writeAscii(out, fqdn, start, i);
        }
        start = i + 1;
      }
    }
    out.writeByte(0);
  }

  /** One byte per char; anything outside ASCII becomes '?', as String.getBytes(US_ASCII) writes it. */
  private static void writeAscii(ByteBuf out, String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      out.writeByte(c < 128 ? c : '?');
    }
  }
}

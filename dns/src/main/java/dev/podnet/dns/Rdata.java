package dev.podnet.dns;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * The data of one resource record, for the few types cluster DNS answers. Each knows its wire
 * form (RFC 1035 §3.3); names inside are written uncompressed, which costs bytes but keeps the
 * size of a response computable before it is encoded (truncation is decided on that size).
 */
public sealed interface Rdata {
  int A = 1, NS = 2, CNAME = 5, SOA = 6, PTR = 12, TXT = 16, AAAA = 28, SRV = 33, OPT = 41, ANY = 255;

  int type();

  byte[] wire();

  /** An A or AAAA record, by the address family. */
  record Address(InetAddress address) implements Rdata {
    public int type() {
      return address instanceof Inet4Address ? A : AAAA;
    }

    public byte[] wire() {
      return address.getAddress();
    }
  }

  record Cname(String target) implements Rdata {
    public int type() {
      return CNAME;
    }

    public byte[] wire() {
      return name(target);
    }
  }

  record Ptr(String target) implements Rdata {
    public int type() {
      return PTR;
    }

    public byte[] wire() {
      return name(target);
    }
  }

  record Srv(int priority, int weight, int port, String target) implements Rdata {
    public int type() {
      return SRV;
    }

    public byte[] wire() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      short16(out, priority);
      short16(out, weight);
      short16(out, port);
      out.writeBytes(name(target));
      return out.toByteArray();
    }
  }

  record Txt(String text) implements Rdata {
    public int type() {
      return TXT;
    }

    public byte[] wire() {
      byte[] b = text.getBytes(StandardCharsets.US_ASCII);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(b.length);
      out.writeBytes(b);
      return out.toByteArray();
    }
  }

  /** Times in seconds; {@code minimum} is the negative-caching TTL (RFC 2308). */
  record Soa(String mname, String rname, long serial, int refresh, int retry, int expire, int minimum) implements Rdata {
    public int type() {
      return SOA;
    }

    public byte[] wire() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(name(mname));
      out.writeBytes(name(rname));
      int32(out, serial);
      int32(out, refresh);
      int32(out, retry);
      int32(out, expire);
      int32(out, minimum);
      return out.toByteArray();
    }
  }

  /** {@code a.b.} → length-prefixed labels and the root byte. */
  static byte[] name(String fqdn) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String label : fqdn.split("\\.")) {
      if (label.isEmpty()) {
        continue;
      }
      byte[] b = label.getBytes(StandardCharsets.US_ASCII);
      out.write(b.length);
      out.writeBytes(b);
    }
    out.write(0);
    return out.toByteArray();
  }

  private static void short16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  private static void int32(ByteArrayOutputStream out, long v) {
    out.write((int) (v >>> 24));
    out.write((int) (v >>> 16));
    out.write((int) (v >>> 8));
    out.write((int) v);
  }
}

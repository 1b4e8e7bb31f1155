package dev.podnet.kernel;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Literal IP addresses only: never a DNS lookup. */
public final class Ip {
  private Ip() {}

  /** Parses an IPv4 or IPv6 literal; rejects host names instead of resolving them. */
  public static InetAddress parse(String literal) {
    String s = literal.trim();
    byte[] quad = dottedQuad(s);
    if (quad != null) {
      try {
        return InetAddress.getByAddress(quad);
      } catch (UnknownHostException e) {
        throw new IllegalStateException("4 bytes are always an IPv4 address", e);
      }
    }
    boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = s.contains(":") && s.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) {
      throw new IllegalArgumentException("not an IP address: '" + literal + "'");
    }
    if (v4) {
      for (String part : s.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          throw new IllegalArgumentException("not an IP address: '" + literal + "' (octet " + part + " > 255)");
        }
      }
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: '" + literal + "'", e);
    }
  }

  /**
   * The address as Go's {@code net.IP.String()} and kubectl print it: a dotted quad, or IPv6 in
   * RFC 5952's canonical form (lower case, no leading zeros, the longest run of two or more zero
   * groups, the first if tied, as "::"). The JDK's {@code getHostAddress} writes every group and
   * a scope: "fd00:0:0:0:0:0:0:200" where MetalLB hashes "fd00::200".
   */
  public static String text(InetAddress ip) {
    if (!(ip instanceof Inet6Address)) {
      return ip.getHostAddress();
    }
    byte[] a = ip.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(i, j);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLength - 1;
      } else {
        if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
          b.append(':');
        }
        b.append(Integer.toHexString(groups[i]));
      }
    }
    return b.toString();
  }

  /**
   * {@code a.b.c.d} with 1-3 decimal digits each, all at most 255, as bytes; else null. Without a
   * regex: the proxies parse every endpoint of every Service on every event.
   */
  private static byte[] dottedQuad(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c >= '0' && c <= '9' && digits < 3) {
        value = value * 10 + (c - '0');
        digits++;
      } else if (c == '.' && digits > 0 && value <= 255 && part < 4) {
        out[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }
}

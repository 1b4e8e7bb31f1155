package dev.podnet.kernel;

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

package dev.podnet.kernel;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Literal IP addresses only: never a DNS lookup. */
public final class Ip {
  private Ip() {}

  /** Parses an IPv4 or IPv6 literal; rejects host names instead of resolving them. */
  public static InetAddress parse(String literal) {
    String s = literal.trim();
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
}

package dev.podnet.api.metallb;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * One entry of an {@code IPAddressPool}'s {@code addresses}: a CIDR ({@code 172.18.255.0/24}) or
 * an inclusive range ({@code 172.18.255.200-172.18.255.250}), as MetalLB accepts them. Addresses
 * are numbers here so IPv4 and IPv6 share one code path: the family is the byte length.
 */
public record AddressRange(String text, int bytes, BigInteger first, BigInteger last) {

  /**
   * @throws IllegalArgumentException saying what is wrong with {@code text}, in MetalLB's terms
   */
  public static AddressRange parse(String text) {
    String t = text.trim();
    int dash = t.indexOf('-');
    if (dash >= 0) {
      InetAddress a = literal(t.substring(0, dash).trim(), text);
      InetAddress b = literal(t.substring(dash + 1).trim(), text);
      if (a.getAddress().length != b.getAddress().length) {
        throw new IllegalArgumentException("invalid IP range \"" + text + "\": start and end are of different IP families");
      }
      BigInteger first = number(a);
      BigInteger last = number(b);
      if (first.compareTo(last) > 0) {
        throw new IllegalArgumentException("invalid IP range \"" + text + "\": start " + a.getHostAddress() + " is after end " + b.getHostAddress());
      }
      return new AddressRange(text, a.getAddress().length, first, last);
    }
    int slash = t.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("invalid CIDR \"" + text + "\": expected ADDRESS/PREFIX (172.18.255.0/24) or FIRST-LAST");
    }
    InetAddress base = literal(t.substring(0, slash), text);
    int bits = base.getAddress().length * 8;
    int prefix;
    try {
      prefix = Integer.parseInt(t.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid CIDR \"" + text + "\": prefix length is not a number");
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("invalid CIDR \"" + text + "\": prefix length must be 0-" + bits);
    }
    BigInteger size = BigInteger.ONE.shiftLeft(bits - prefix);
    BigInteger first = number(base).divide(size).multiply(size);
    return new AddressRange(text, base.getAddress().length, first, first.add(size).subtract(BigInteger.ONE));
  }

  public boolean isIpv4() {
    return bytes == 4;
  }

  public BigInteger size() {
    return last.subtract(first).add(BigInteger.ONE);
  }

  public boolean contains(InetAddress ip) {
    if (ip.getAddress().length != bytes) {
      return false;
    }
    BigInteger n = number(ip);
    return n.compareTo(first) >= 0 && n.compareTo(last) <= 0;
  }

  public boolean overlaps(AddressRange other) {
    return bytes == other.bytes && first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
  }

  /** The {@code offset}-th address of the range (0 is {@link #first}). */
  public InetAddress address(BigInteger offset) {
    return toAddress(first.add(offset), bytes);
  }

  /**
   * MetalLB's {@code avoidBuggyIPs}: addresses ending in .0 or .255 are skipped, because some old
   * consumer routers drop traffic to them as if they were broadcast addresses.
   */
  public static boolean isBuggy(InetAddress ip) {
    byte[] b = ip.getAddress();
    int low = b[b.length - 1] & 0xff;
    return b.length == 4 && (low == 0 || low == 255);
  }

  /** An IP literal, never a DNS lookup; empty for anything else. */
  public static Optional<InetAddress> ip(String text) {
    boolean v4 = text != null && text.chars().allMatch(c -> c == '.' || Character.isDigit(c)) && text.chars().filter(c -> c == '.').count() == 3;
    boolean v6 = text != null && text.indexOf(':') >= 0 && text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  static BigInteger number(InetAddress ip) {
    return new BigInteger(1, ip.getAddress());
  }

  private static InetAddress literal(String s, String whole) {
    return ip(s).orElseThrow(() -> new IllegalArgumentException("invalid IP \"" + s + "\" in \"" + whole + "\""));
  }

  private static InetAddress toAddress(BigInteger n, int bytes) {
    byte[] raw = n.toByteArray();
    byte[] out = new byte[bytes];
    int copy = Math.min(raw.length, bytes);
    System.arraycopy(raw, raw.length - copy, out, bytes - copy, copy);
    try {
      return InetAddress.getByAddress(out);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + bytes + " bytes is always valid", e);
    }
  }
}

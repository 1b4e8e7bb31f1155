package dev.podnet.bgp;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP prefix (NLRI) of either family; host bits are cleared so equal networks are equal values. */
public record Prefix(InetAddress address, int length) implements Comparable<Prefix> {

  public Prefix {
    int max = Family.of(address).maxLength();
    if (length < 0 || length > max) {
      throw new IllegalArgumentException("prefix length " + length + " out of range 0.." + max + " for " + address.getHostAddress());
    }
    address = mask(address, length);
  }

  /** Parses {@code 10.244.1.0/24} or {@code fd00::/64}. */
  public static Prefix parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("prefix '" + text + "' has no '/length'; write e.g. 10.244.1.0/24");
    }
    try {
      String host = text.substring(0, slash);
      if (!host.matches("[0-9a-fA-F:.]+")) {
        throw new IllegalArgumentException("prefix '" + text + "' is not an IP address/length");
      }
      return new Prefix(InetAddress.getByName(host), Integer.parseInt(text.substring(slash + 1)));
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("prefix '" + text + "' is not an IP address/length: " + e.getMessage(), e);
    }
  }

  public Family family() {
    return Family.of(address);
  }

  static InetAddress mask(InetAddress address, int length) {
    byte[] b = address.getAddress();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, length - i * 8));
      b[i] &= (byte) (0xff << (8 - keep));
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of " + b.length + " bytes", e);
    }
  }

  /**
   * Prefixes differ mostly in their middle octets and share zero host bits, which the record's
   * default hash leaves clustered; a RIB of thousands of /24s then degrades into long bins. This
   * mixes every bit into the low ones (MurmurHash3's finalizer).
   */
  @Override
  public int hashCode() {
    int h = address.hashCode() * 31 + length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Prefix p && p.length == length && p.address.equals(address);
  }

  @Override
  public int compareTo(Prefix o) {
    byte[] a = address.getAddress();
    byte[] b = o.address.getAddress();
    if (a.length != b.length) {
      return Integer.compare(a.length, b.length);
    }
    int c = java.util.Arrays.compareUnsigned(a, b);
    return c != 0 ? c : Integer.compare(length, o.length);
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + length;
  }
}

package dev.podnet.kernel;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IP prefix, IPv4 or IPv6, with one code path for both families. {@code address} keeps the
 * host bits as written (an interface address like 10.244.1.1/24); {@link #network()} drops them.
 */
public record Cidr(InetAddress address, int prefix) {

  public Cidr {
    int bits = address.getAddress().length * 8;
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix length " + prefix + " out of range 0-" + bits + " for " + address.getHostAddress());
    }
  }

  /** Parses {@code 10.244.0.0/16}, {@code fd00::/64}, or a bare address (a host prefix). */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String addr = slash < 0 ? text : text.substring(0, slash);
    InetAddress a = Ip.parse(addr);
    int bits = a.getAddress().length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a CIDR: '" + text + "' (expected ADDRESS/PREFIX, e.g. 10.244.0.0/16)");
    }
    return new Cidr(a, prefix);
  }

  public static Cidr host(InetAddress address) {
    return new Cidr(address, address.getAddress().length * 8);
  }

  public int bits() {
    return address.getAddress().length * 8;
  }

  public boolean isV4() {
    return bits() == 32;
  }

  /** The prefix with host bits cleared. */
  public Cidr network() {
    return new Cidr(fromBig(toBig(address).and(mask())), prefix);
  }

  public boolean contains(InetAddress a) {
    if (a.getAddress().length * 8 != bits()) {
      return false;
    }
    return toBig(a).and(mask()).equals(toBig(address).and(mask()));
  }

  public boolean contains(Cidr other) {
    return other.prefix >= prefix && contains(other.address);
  }

  /** The address at offset {@code n} from the network address (0 = network, 1 = first host). */
  public InetAddress addressAt(long n) {
    BigInteger size = BigInteger.ONE.shiftLeft(bits() - prefix);
    if (n < 0 || BigInteger.valueOf(n).compareTo(size) >= 0) {
      throw new IllegalArgumentException("offset " + n + " outside " + this);
    }
    return fromBig(toBig(network().address).add(BigInteger.valueOf(n)));
  }

  /** Offset of {@code a} from the network address; {@code a} must be inside. */
  public long offsetOf(InetAddress a) {
    if (!contains(a)) {
      throw new IllegalArgumentException(a.getHostAddress() + " is not in " + this);
    }
    return toBig(a).subtract(toBig(network().address)).longValueExact();
  }

  /** Number of addresses in the prefix, capped at Long.MAX_VALUE. */
  public long size() {
    int hostBits = bits() - prefix;
    return hostBits >= 63 ? Long.MAX_VALUE : 1L << hostBits;
  }

  /** The {@code index}-th subnet of length {@code newPrefix} (e.g. the 3rd /24 of a /16). */
  public Cidr subnet(int newPrefix, long index) {
    if (newPrefix < prefix || newPrefix > bits()) {
      throw new IllegalArgumentException("cannot cut /" + newPrefix + " subnets from " + this);
    }
    BigInteger count = BigInteger.ONE.shiftLeft(newPrefix - prefix);
    if (index < 0 || BigInteger.valueOf(index).compareTo(count) >= 0) {
      throw new IllegalArgumentException(this + " has only " + count + " /" + newPrefix + " subnets; index " + index + " is outside");
    }
    BigInteger base = toBig(network().address).add(BigInteger.valueOf(index).shiftLeft(bits() - newPrefix));
    return new Cidr(fromBig(base), newPrefix);
  }

  /** A copy with another prefix length on the same address (10.244.1.1 + 24 → 10.244.1.1/24). */
  public Cidr withPrefix(int p) {
    return new Cidr(address, p);
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefix;
  }

  private BigInteger mask() {
    int b = bits();
    return BigInteger.ONE.shiftLeft(b).subtract(BigInteger.ONE).xor(BigInteger.ONE.shiftLeft(b - prefix).subtract(BigInteger.ONE));
  }

  private static BigInteger toBig(InetAddress a) {
    return new BigInteger(1, a.getAddress());
  }

  private InetAddress fromBig(BigInteger v) {
    byte[] raw = v.toByteArray();
    int len = bits() / 8;
    byte[] out = new byte[len];
    int copy = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
    try {
      return InetAddress.getByAddress(out);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(Arrays.toString(out), e);
    }
  }
}

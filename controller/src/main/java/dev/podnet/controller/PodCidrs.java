package dev.podnet.controller;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A cluster CIDR cut into equal node subnets ({@code 10.244.0.0/16} into /24s), IPv4 or IPv6 alike:
 * subnet {@code i} is the cluster network plus {@code i << (bits - nodeMaskSize)}. Subnets print the
 * way Kubernetes writes spec.podCIDR ({@code 10.244.3.0/24}, {@code fd00:10:244:3::/64}).
 */
public record PodCidrs(byte[] network, int clusterPrefix, int nodeMaskSize) {
  /** More subnets than this are never handed out: an int indexes them, and no cluster has more nodes. */
  private static final int MAX_SUBNETS = 1 << 20;

  public PodCidrs {
    network = network.clone();
    int bits = network.length * 8;
    if (clusterPrefix < 0 || clusterPrefix > bits || nodeMaskSize < clusterPrefix || nodeMaskSize > bits) {
      throw new IllegalArgumentException("node mask size /" + nodeMaskSize + " does not fit in cluster CIDR /" + clusterPrefix
          + " of a " + bits + "-bit address: it must be between the cluster prefix and " + bits);
    }
  }

  /** {@code parse("10.244.0.0/16", 24)}; host bits set in the cluster CIDR are cleared, as net.ParseCIDR does. */
  public static PodCidrs parse(String clusterCidr, int nodeMaskSize) {
    int slash = clusterCidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("cluster CIDR \"" + clusterCidr + "\" has no prefix length (like 10.244.0.0/16)");
    }
    byte[] address = address(clusterCidr.substring(0, slash), clusterCidr);
    int prefix;
    try {
      prefix = Integer.parseInt(clusterCidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cluster CIDR \"" + clusterCidr + "\": prefix length is not a number", e);
    }
    if (prefix < 0 || prefix > address.length * 8) {
      throw new IllegalArgumentException("cluster CIDR \"" + clusterCidr + "\": prefix length " + prefix + " out of range");
    }
    BigInteger mask = BigInteger.ONE.shiftLeft(address.length * 8 - prefix).subtract(BigInteger.ONE).not();
    return new PodCidrs(bytes(new BigInteger(1, address).and(mask), address.length), prefix, nodeMaskSize);
  }

  @Override
  public byte[] network() {
    return network.clone();
  }

  /** How many node subnets there are (capped at about a million). */
  public int size() {
    int shift = nodeMaskSize - clusterPrefix;
    return shift >= 20 ? MAX_SUBNETS : 1 << shift;
  }

  /** The {@code index}th node subnet. */
  public String subnet(int index) {
    if (index < 0 || index >= size()) {
      throw new IllegalArgumentException("subnet index " + index + " outside 0.." + (size() - 1) + " of " + this);
    }
    BigInteger base = new BigInteger(1, network).add(BigInteger.valueOf(index).shiftLeft(bits() - nodeMaskSize));
    return format(bytes(base, network.length)) + "/" + nodeMaskSize;
  }

  /** Which subnet {@code cidr} is; empty if it is not one of them (other size, family or range, or not a CIDR). */
  public OptionalInt indexOf(String cidr) {
    try {
      PodCidrs other = parse(cidr, Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1)));
      if (other.network.length != network.length || other.clusterPrefix != nodeMaskSize) {
        return OptionalInt.empty();
      }
      BigInteger offset = new BigInteger(1, other.network).subtract(new BigInteger(1, network));
      BigInteger index = offset.shiftRight(bits() - nodeMaskSize);
      boolean inside = offset.signum() >= 0 && index.compareTo(BigInteger.valueOf(size())) < 0;
      return inside ? OptionalInt.of(index.intValueExact()) : OptionalInt.empty();
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return OptionalInt.empty();
    }
  }

  /** The lowest subnet not in {@code allocated}; empty when all are taken. */
  public Optional<String> lowestFree(Set<String> allocated) {
    boolean[] used = new boolean[size()];
    allocated.forEach(c -> indexOf(c).ifPresent(i -> used[i] = true));
    for (int i = 0; i < used.length; i++) {
      if (!used[i]) {
        return Optional.of(subnet(i));
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PodCidrs p && Arrays.equals(network, p.network) && clusterPrefix == p.clusterPrefix && nodeMaskSize == p.nodeMaskSize;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 * 31 + clusterPrefix * 31 + nodeMaskSize;
  }

  /** {@code 10.244.0.0/16 in /24s}. */
  @Override
  public String toString() {
    return format(network) + "/" + clusterPrefix + " in /" + nodeMaskSize + "s";
  }

  private int bits() {
    return network.length * 8;
  }

  /** An address literal only: InetAddress would resolve a host name, and a CIDR is never one. */
  private static byte[] address(String literal, String cidr) {
    if (literal.isEmpty() || !literal.matches("[0-9A-Fa-f:.]+")) {
      throw new IllegalArgumentException("cluster CIDR \"" + cidr + "\": \"" + literal + "\" is not an IP address");
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cluster CIDR \"" + cidr + "\": \"" + literal + "\" is not an IP address", e);
    }
  }

  private static byte[] bytes(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }

  /**
   * Dotted quad, or RFC 5952 IPv6 text (the longest run of zero groups, if two or more, as "::"):
   * how Go, kubectl and MetalLB write addresses, where the JDK writes every group.
   */
  public static String format(byte[] a) {
    if (a.length == 4) {
      return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
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
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(groups[i]));
    }
    return b.toString();
  }
}

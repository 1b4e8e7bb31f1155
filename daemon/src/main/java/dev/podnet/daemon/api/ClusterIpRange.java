package dev.podnet.daemon.api;

/**
 * The IPv4 CIDR Services' virtual IPs come from (kube-apiserver's --service-cluster-ip-range), an
 * address named by its offset from the network address. The network and broadcast addresses are
 * never handed out, as upstream's allocator leaves them out.
 */
record ClusterIpRange(String cidr, int base, int size) {

  static ClusterIpRange parse(String cidr) {
    int slash = cidr.indexOf('/');
    int prefix = Integer.parseInt(cidr.substring(slash + 1));
    if (prefix < 8 || prefix > 30) {
      throw new IllegalArgumentException("service CIDR " + cidr + ": prefix must be between /8 and /30");
    }
    int base = toInt(cidr.substring(0, slash));
    int mask = -1 << (32 - prefix);
    return new ClusterIpRange(cidr, base & mask, 1 << (32 - prefix));
  }

  /** The offset of {@code ip} in the range, or -1 when it is not an IPv4 address of the range. */
  int offsetOf(String ip) {
    long offset;
    try {
      offset = Integer.toUnsignedLong(toInt(ip)) - Integer.toUnsignedLong(base);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    return offset < 0 || offset >= size ? -1 : (int) offset;
  }

  /** Usable for a Service: neither the network nor the broadcast address. */
  boolean isUsable(int offset) {
    return offset > 0 && offset < size - 1;
  }

  String address(int offset) {
    int ip = base + offset;
    return (ip >>> 24) + "." + (ip >>> 16 & 0xff) + "." + (ip >>> 8 & 0xff) + "." + (ip & 0xff);
  }

  private static int toInt(String ip) {
    String[] parts = ip.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + ip);
    }
    int value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit) || Integer.parseInt(part) > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + ip);
      }
      value = value << 8 | Integer.parseInt(part);
    }
    return value;
  }

  @Override
  public String toString() {
    return cidr;
  }
}

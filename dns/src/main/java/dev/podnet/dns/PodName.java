package dev.podnet.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** The address a pod label names: {@code 10-244-1-5} or {@code fd00--5}; anything else is no address. */
final class PodName {
  private PodName() {}

  static Optional<InetAddress> address(String label) {
    if (label.isEmpty() || label.length() > 39) {
      return Optional.empty();
    }
    String[] parts = label.split("-", -1);
    if (parts.length == 4 && allDecimalOctets(parts)) {
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        b[i] = (byte) Integer.parseInt(parts[i]);
      }
      return ofBytes(b);
    }
    if (label.chars().allMatch(c -> c == '-' || Character.digit(c, 16) >= 0) && label.contains("-")) {
      return v6(label.replace('-', ':'));
    }
    return Optional.empty();
  }

  private static boolean allDecimalOctets(String[] parts) {
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Only literal hex-and-colon text reaches getByName, so it never asks a resolver. */
  private static Optional<InetAddress> v6(String text) {
    try {
      InetAddress a = InetAddress.getByName(text);
      return a instanceof Inet4Address ? Optional.empty() : Optional.of(a);
    } catch (UnknownHostException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<InetAddress> ofBytes(byte[] b) {
    try {
      return Optional.of(InetAddress.getByAddress(b));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}

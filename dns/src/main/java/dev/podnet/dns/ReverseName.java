package dev.podnet.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/** {@code 5.1.244.10.in-addr.arpa.} → 10.244.1.5, and the nibble form under {@code ip6.arpa.}; partial names are no address. */
final class ReverseName {
  private ReverseName() {}

  static Optional<InetAddress> address(String qname) {
    String n = qname.toLowerCase(Locale.ROOT);
    if (n.endsWith(".in-addr.arpa.")) {
      return v4(n.substring(0, n.length() - ".in-addr.arpa.".length()).split("\\.", -1));
    }
    if (n.endsWith(".ip6.arpa.")) {
      return v6(n.substring(0, n.length() - ".ip6.arpa.".length()).split("\\.", -1));
    }
    return Optional.empty();
  }

  private static Optional<InetAddress> v4(String[] l) {
    if (l.length != 4) {
      return Optional.empty();
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = l[3 - i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
        return Optional.empty();
      }
      b[i] = (byte) Integer.parseInt(p);
    }
    return of(b);
  }

  private static Optional<InetAddress> v6(String[] l) {
    if (l.length != 32) {
      return Optional.empty();
    }
    byte[] b = new byte[16];
    for (int i = 0; i < 32; i++) {
      String p = l[31 - i];
      int d = p.length() == 1 ? Character.digit(p.charAt(0), 16) : -1;
      if (d < 0) {
        return Optional.empty();
      }
      b[i / 2] |= (byte) (i % 2 == 0 ? d << 4 : d);
    }
    return of(b);
  }

  private static Optional<InetAddress> of(byte[] b) {
    try {
      return Optional.of(InetAddress.getByAddress(b));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}

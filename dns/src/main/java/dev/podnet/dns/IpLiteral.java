package dev.podnet.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** An IP address from API text; "None", "" and anything not a literal address are no address (never a resolver lookup). */
final class IpLiteral {
  private IpLiteral() {}

  static Optional<InetAddress> parse(String text) {
    if (text == null || text.isEmpty() || !text.chars().allMatch(c -> c == '.' || c == ':' || Character.digit(c, 16) >= 0)) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}

package dev.podnet.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** An IP address from API text; "None", "" and anything not a literal address are no address (never a resolver lookup). */
final class IpLiteral {
  private IpLiteral() {}

  static Optional<InetAddress> parse(String text) {
    // InetAddress also takes the old short forms ("7" is 0.0.0.7, "10.1" is 10.0.0.1), which the API never means
    boolean v4 = text != null && text.chars().filter(c -> c == '.').count() == 3 && text.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    boolean v6 = text != null && text.indexOf(':') >= 0 && text.chars().allMatch(c -> c == '.' || c == ':' || Character.digit(c, 16) >= 0);
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}

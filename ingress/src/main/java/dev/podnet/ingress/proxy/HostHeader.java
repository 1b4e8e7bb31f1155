package dev.podnet.ingress.proxy;

/**
 * A Host header's name (RFC 3986 host [":" port]), lower-cased and without the port, or null
 * when it is not one: a reg-name of unreserved, sub-delims and percent characters, an IPv4
 * literal (a reg-name too), or a bracketed IPv6 literal. Spaces, slashes, '@' and the like are
 * what header-injection and cache-poisoning attempts use; none of them get through.
 */
final class HostHeader {
  private HostHeader() {}

  static String name(String value) {
    if (value.isEmpty() || value.length() > 255) {
      return null;
    }
    String host = value;
    int portStart;
    if (host.charAt(0) == '[') {
      int close = host.indexOf(']');
      if (close < 0 || !ipv6(host.substring(1, close))) {
        return null;
      }
      portStart = close + 1;
      if (portStart < host.length() && host.charAt(portStart) != ':') {
        return null;
      }
    } else {
      portStart = host.indexOf(':');
      if (portStart < 0) {
        portStart = host.length();
      }
      for (int i = 0; i < portStart; i++) {
        if (!regNameChar(host.charAt(i))) {
          return null;
        }
      }
    }
    if (portStart < host.length() && !port(host.substring(portStart + 1))) {
      return null;
    }
    return host.substring(0, portStart).toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean regNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=%".indexOf(c) >= 0;
  }

  private static boolean ipv6(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static boolean port(String s) {
    if (s.isEmpty()) {
      return true;
    }
    if (s.length() > 5) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return Integer.parseInt(s) <= 65535;
  }
}

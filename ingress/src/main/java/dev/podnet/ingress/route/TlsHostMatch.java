package dev.podnet.ingress.route;

/** Whether a certificate's or a TLS section's host covers a name, with one-label wildcards as in RFC 6125. */
public final class TlsHostMatch {
  private TlsHostMatch() {}

  /** {@code *.foo.com} covers {@code bar.foo.com} and itself; {@code foo.com} only itself. */
  public static boolean covers(String pattern, String host) {
    if (pattern.equals(host)) {
      return true;
    }
    if (!pattern.startsWith("*.")) {
      return false;
    }
    int dot = host.indexOf('.');
    return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2));
  }
}

package dev.podnet.ingress.route;

import java.util.Map;
import java.util.Optional;

/**
 * The per-Ingress annotations podnet understands, under {@code podnet.dev/} and, with the same
 * meaning, ingress-nginx's {@code nginx.ingress.kubernetes.io/}: whether plain HTTP to a TLS
 * host is redirected (308), where the matched path is rewritten to, the largest request body
 * (none by default: bodies are streamed), and whether backends speak HTTPS (backend-protocol).
 *
 * @param sslRedirect   redirect HTTP to HTTPS when the host has TLS
 * @param rewriteTarget replaces the matched path prefix
 * @param maxBodyBytes  -1 for no limit
 * @param backendTls    TLS to the endpoints ({@code backend-protocol: HTTPS}), unverified as ingress-nginx's proxy_ssl_verify off
 * @param affinityCookie the cookie that pins a client to an endpoint ({@code affinity: cookie}, {@code session-cookie-name},
 *                       ingress-nginx's default INGRESSCOOKIE)
 */
public record RouteOptions(boolean sslRedirect, Optional<String> rewriteTarget, long maxBodyBytes, boolean backendTls,
    Optional<String> affinityCookie) {
  public static final RouteOptions DEFAULTS = new RouteOptions(true, Optional.empty(), -1, false, Optional.empty());

  /** {@code canary: "true"}: this Ingress's paths do not route on their own, they split traffic off the same paths of another. */
  static boolean isCanary(Map<String, String> annotations) {
    return annotations != null && annotation(annotations, "canary").map(v -> v.equalsIgnoreCase("true")).orElse(false);
  }

  /** A canary's rules: canary-by-header, canary-by-header-value, canary-by-cookie, canary-weight out of canary-weight-total (default 100). */
  static Route.Canary canary(Map<String, String> annotations, Route.Proxy route) {
    int total = annotation(annotations, "canary-weight-total").map(RouteOptions::number).filter(n -> n > 0).orElse(100);
    int weight = annotation(annotations, "canary-weight").map(RouteOptions::number).map(n -> Math.max(0, Math.min(n, total))).orElse(0);
    return new Route.Canary(route, annotation(annotations, "canary-by-header").filter(h -> !h.isEmpty()),
        annotation(annotations, "canary-by-header-value").filter(v -> !v.isEmpty()),
        annotation(annotations, "canary-by-cookie").filter(c -> !c.isEmpty()), weight, total);
  }

  private static int number(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
  private static final String[] PREFIXES = {"podnet.dev/", "nginx.ingress.kubernetes.io/"};

  /** The options an Ingress's annotations ask for; a value that does not parse keeps the default. */
  public static RouteOptions of(Map<String, String> annotations) {
    if (annotations == null || annotations.isEmpty()) {
      return DEFAULTS;
    }
    boolean redirect = annotation(annotations, "ssl-redirect").map(v -> !v.equalsIgnoreCase("false")).orElse(true);
    Optional<String> rewrite = annotation(annotations, "rewrite-target").filter(v -> v.startsWith("/"));
    long body = annotation(annotations, "proxy-body-size").map(RouteOptions::size).orElse(-1L);
    boolean tls = annotation(annotations, "backend-protocol").map(v -> v.equalsIgnoreCase("HTTPS")).orElse(false);
    Optional<String> cookie = annotation(annotations, "affinity").filter(v -> v.equalsIgnoreCase("cookie"))
        .map(v -> annotation(annotations, "session-cookie-name").filter(n -> n.matches("[A-Za-z0-9_-]{1,64}")).orElse("INGRESSCOOKIE"));
    return new RouteOptions(redirect, rewrite, body, tls, cookie);
  }

  private static Optional<String> annotation(Map<String, String> annotations, String name) {
    for (String prefix : PREFIXES) {
      String v = annotations.get(prefix + name);
      if (v != null) {
        return Optional.of(v.trim());
      }
    }
    return Optional.empty();
  }

  /** nginx's size syntax: {@code 8m}, {@code 512k}, {@code 1g}, bytes; 0 means unlimited, as client_max_body_size 0. */
  static long size(String v) {
    if (v.isEmpty()) {
      return -1;
    }
    char unit = Character.toLowerCase(v.charAt(v.length() - 1));
    long scale = switch (unit) {
      case 'k' -> 1024L;
      case 'm' -> 1024L * 1024;
      case 'g' -> 1024L * 1024 * 1024;
      default -> 1;
    };
    try {
      long n = Long.parseLong(scale == 1 ? v : v.substring(0, v.length() - 1));
      return n <= 0 ? -1 : n * scale;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}

package dev.podnet.ingress.proxy;

import dev.podnet.ingress.route.Route;

/**
 * The target the backend gets: the client's, in origin form, or with the rewrite-target
 * annotation the matched path prefix replaced by the target ({@code /api} with target {@code /}
 * sends {@code /api/v1/x?q} as {@code /v1/x?q}), the query kept.
 */
final class Rewrite {
  private Rewrite() {}

  static String uri(String requestUri, String path, Route.Proxy route) {
    int q = requestUri.indexOf('?');
    String query = q < 0 ? "" : requestUri.substring(q);
    if (route.options().rewriteTarget().isEmpty()) {
      return requestUri.startsWith("/") ? requestUri : path + query;
    }
    String target = route.options().rewriteTarget().get();
    String prefix = route.site().path();
    int end = prefix.length();
    while (end > 0 && prefix.charAt(end - 1) == '/') {
      end--;
    }
    String rest = path.length() >= end && path.startsWith(prefix.substring(0, end)) ? path.substring(end) : path;
    String base = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
    String out = base + rest;
    return (out.isEmpty() ? "/" : out.startsWith("/") ? out : "/" + out) + query;
  }
}

package dev.podnet.ingress.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The paths of one host, merged across Ingresses: Exact paths in a map, Prefix (and
 * ImplementationSpecific, which podnet treats as Prefix) paths longest first, so the first
 * prefix that matches is the longest match; an Exact match wins over a Prefix of the same length.
 * When no path matches, the host's fallback answers (its Ingress's default backend, the
 * cluster's, or 404).
 */
final class HostRoutes {
  private final Map<String, Route> exact;
  private final String[] prefixes;
  private final Route[] prefixRoutes;
  private final Route fallback;
  private final boolean tls;

  private HostRoutes(Map<String, Route> exact, List<Map.Entry<String, Route>> prefixes, Route fallback, boolean tls) {
    this.exact = Map.copyOf(exact);
    this.prefixes = prefixes.stream().map(Map.Entry::getKey).toArray(String[]::new);
    this.prefixRoutes = prefixes.stream().map(Map.Entry::getValue).toArray(Route[]::new);
    this.fallback = fallback;
    this.tls = tls;
  }

  Route match(String path) {
    Route r = exact.get(path);
    if (r != null) {
      return r;
    }
    for (int i = 0; i < prefixes.length; i++) {
      if (prefixMatches(prefixes[i], path)) {
        return prefixRoutes[i];
      }
    }
    return fallback;
  }

  /** True when some Ingress lists this host under spec.tls. */
  boolean tls() {
    return tls;
  }

  /**
   * Element-wise prefix match (the API's Prefix): {@code prefix} has no trailing '/' (the root is
   * empty), so {@code /foo} matches {@code /foo}, {@code /foo/} and {@code /foo/bar}, never {@code /foobar}.
   */
  static boolean prefixMatches(String prefix, String path) {
    return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }

  /** A Prefix path as it is matched: without its trailing slashes ({@code /aaa/bbb/} → {@code /aaa/bbb}, {@code /} → empty). */
  static String normalizePrefix(String path) {
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }

  /** Collects one host's paths; the first Ingress (oldest) to claim a path keeps it, as ingress-nginx merges. */
  static final class Builder {
    private final Map<String, Route> exact = new HashMap<>();
    private final Map<String, Route> prefixes = new HashMap<>();
    private Route fallback;
    private boolean tls;

    boolean addExact(String path, Route route) {
      return exact.putIfAbsent(path, route) == null;
    }

    boolean addPrefix(String path, Route route) {
      return prefixes.putIfAbsent(normalizePrefix(path), route) == null;
    }

    /** Splits {@code canary}'s traffic off the main route of the same path; false when there is no main route to split. */
    boolean attachCanary(String path, boolean exactPath, Route.Canary canary) {
      Map<String, Route> table = exactPath ? exact : prefixes;
      String key = exactPath ? path : normalizePrefix(path);
      if (!(table.get(key) instanceof Route.Proxy main) || main.canary().isPresent()) {
        return false;
      }
      table.put(key, new Route.Proxy(main.site(), main.upstream(), main.options(), java.util.Optional.of(canary)));
      return true;
    }

    /** The first default backend offered for this host wins. */
    void offerFallback(Route route) {
      if (fallback == null) {
        fallback = route;
      }
    }

    void markTls() {
      tls = true;
    }

    HostRoutes build(Route clusterFallback) {
      List<Map.Entry<String, Route>> sorted = new ArrayList<>(prefixes.entrySet());
      sorted.sort(Comparator.comparingInt((Map.Entry<String, Route> e) -> e.getKey().length()).reversed());
      return new HostRoutes(exact, sorted, fallback == null ? clusterFallback : fallback, tls);
    }
  }
}

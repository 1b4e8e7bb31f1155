package dev.podnet.ingress.route;

import java.util.Locale;
import java.util.Map;

/**
 * Where each request goes, computed once from the cluster's Ingresses and swapped whole when
 * they change, so a lookup is two map reads and a short prefix scan with no locks. Hosts match as
 * the API says: exactly, else by a wildcard covering exactly one leading label
 * ({@code *.foo.com} matches {@code bar.foo.com}, not {@code baz.bar.foo.com} or {@code foo.com}),
 * else the rules without a host; a request no rule takes goes to the default backend or gets 404.
 */
public final class RouteTable {
  private final Map<String, HostRoutes> exactHosts;
  private final Map<String, HostRoutes> wildcardHosts;
  private final HostRoutes anyHost;
  private final int paths;

  RouteTable(Map<String, HostRoutes> exactHosts, Map<String, HostRoutes> wildcardHosts, HostRoutes anyHost, int paths) {
    this.exactHosts = Map.copyOf(exactHosts);
    this.wildcardHosts = Map.copyOf(wildcardHosts);
    this.anyHost = anyHost;
    this.paths = paths;
  }

  /** The table before the first sync: every request 404. */
  public static RouteTable empty() {
    return new RouteTable(Map.of(), Map.of(), new HostRoutes.Builder().build(new Route.NotFound(Site.NONE)), 0);
  }

  /**
   * @param host the request's host without port, any case
   * @param path the request path without query
   */
  public Route route(String host, String path) {
    return hostRoutes(host.toLowerCase(Locale.ROOT)).match(path);
  }

  /** True when {@code host} is served with TLS by some Ingress: plain HTTP to it may be redirected. */
  public boolean isTlsHost(String host) {
    return hostRoutes(host.toLowerCase(Locale.ROOT)).tls();
  }

  private HostRoutes hostRoutes(String host) {
    HostRoutes h = exactHosts.get(host);
    if (h != null) {
      return h;
    }
    int dot = host.indexOf('.');
    if (dot > 0) {
      h = wildcardHosts.get(host.substring(dot + 1));
      if (h != null) {
        return h;
      }
    }
    return anyHost;
  }

  public int hostCount() {
    return exactHosts.size() + wildcardHosts.size();
  }

  public int pathCount() {
    return paths;
  }
}

package dev.podnet.ingress.route;

/**
 * What the table says about one request: proxy it to an upstream, answer 503 because the
 * backend it names cannot take it, or 404 because nothing matches (ingress-nginx's default
 * backend answer).
 */
public sealed interface Route {

  /** The Ingress, host and path that matched: the labels of metrics and the access log. */
  Site site();

  /** Send the request to one of {@code upstream}'s ready endpoints, or to the canary's when it takes the request. */
  record Proxy(Site site, Upstream upstream, RouteOptions options, java.util.Optional<Canary> canary) implements Route {
    public Proxy(Site site, Upstream upstream, RouteOptions options) {
      this(site, upstream, options, java.util.Optional.empty());
    }
  }

  /**
   * A canary Ingress's route for the same host and path, and when it takes a request: by header
   * ({@code always}/{@code never}, or a given value), else by cookie ({@code always}/{@code never}),
   * else by weight out of {@code total}.
   */
  record Canary(Proxy route, java.util.Optional<String> header, java.util.Optional<String> headerValue, java.util.Optional<String> cookie,
      int weight, int total) {}

  /** A rule matched but its backend has no ready endpoint, or cannot be served at all: why, for the log and the body. */
  record Unavailable(Site site, String reason, RouteOptions options) implements Route {}

  /** Nothing matched and there is no default backend. */
  record NotFound(Site site) implements Route {
    @Override
    public RouteOptions options() {
      return RouteOptions.DEFAULTS;
    }
  }

  /** The options of the Ingress that matched (defaults for 404). */
  RouteOptions options();
}

package dev.podnet.ingress.route;

/**
 * What the table says about one request: proxy it to an upstream, answer 503 because the
 * backend it names cannot take it, or 404 because nothing matches (ingress-nginx's default
 * backend answer).
 */
public sealed interface Route {

  /** The Ingress, host and path that matched: the labels of metrics and the access log. */
  Site site();

  /** Send the request to one of {@code upstream}'s ready endpoints. */
  record Proxy(Site site, Upstream upstream, RouteOptions options) implements Route {}

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

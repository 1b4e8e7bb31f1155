package dev.podnet.ingress.proxy;

import dev.podnet.ingress.route.Route;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Cookie affinity, as ingress-nginx's {@code affinity: cookie}: a client that presents the
 * route's cookie goes to the endpoint it names while that endpoint is ready; others are balanced
 * as usual and get the cookie with the response.
 */
final class Affinity {
  private Affinity() {}

  /** The endpoint the request's cookie pins, if the route has affinity and the endpoint is still there. */
  static Optional<InetSocketAddress> pinned(HttpRequest req, Route.Proxy route) {
    if (route.options().affinityCookie().isEmpty()) {
      return Optional.empty();
    }
    String name = route.options().affinityCookie().get();
    for (String header : req.headers().getAll(HttpHeaderNames.COOKIE)) {
      for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
        if (c.name().equals(name)) {
          return route.upstream().byToken(c.value());
        }
      }
    }
    return Optional.empty();
  }
}

package dev.podnet.ingress.proxy;

import dev.podnet.ingress.route.Route;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which route takes a request when its path has a canary, in ingress-nginx's order: the canary
 * header set to {@code always} (or to canary-by-header-value) sends it to the canary,
 * {@code never} keeps it on the main route; any other value, or none, leaves it to the canary
 * cookie, whose {@code always} and {@code never} decide the same way; otherwise the weight decides.
 */
final class Canaries {
  private Canaries() {}

  static Route.Proxy choose(HttpRequest req, Route.Proxy main) {
    if (main.canary().isEmpty()) {
      return main;
    }
    Route.Canary c = main.canary().get();
    if (c.header().isPresent()) {
      String v = req.headers().get(c.header().get());
      if (v != null) {
        if (c.headerValue().isPresent() ? v.equals(c.headerValue().get()) : v.equals("always")) {
          return c.route();
        }
        if (c.headerValue().isEmpty() && v.equals("never")) {
          return main;
        }
      }
    }
    if (c.cookie().isPresent()) {
      Optional<String> v = cookie(req, c.cookie().get());
      if (v.isPresent() && v.get().equals("always")) {
        return c.route();
      }
      if (v.isPresent() && v.get().equals("never")) {
        return main;
      }
    }
    return c.weight() > 0 && ThreadLocalRandom.current().nextInt(c.total()) < c.weight() ? c.route() : main;
  }

  private static Optional<String> cookie(HttpRequest req, String name) {
    for (String header : req.headers().getAll(HttpHeaderNames.COOKIE)) {
      for (Cookie k : ServerCookieDecoder.LAX.decode(header)) {
        if (k.name().equals(name)) {
          return Optional.of(k.value());
        }
      }
    }
    return Optional.empty();
  }
}

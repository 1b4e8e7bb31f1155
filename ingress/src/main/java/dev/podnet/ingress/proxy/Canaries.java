package dev.podnet.ingress.proxy;

import dev.podnet.ingress.route.Route;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which route takes a request when its path has a canary, as ingress-nginx decides: the canary
 * header set to {@code always} (or to canary-by-header-value) sends it to the canary,
 * {@code never} keeps it on the main route, and otherwise the weight decides.
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
    return c.weight() > 0 && ThreadLocalRandom.current().nextInt(c.total()) < c.weight() ? c.route() : main;
  }
}

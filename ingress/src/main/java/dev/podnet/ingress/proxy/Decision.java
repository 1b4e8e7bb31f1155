package dev.podnet.ingress.proxy;

import dev.podnet.ingress.route.Route;
import dev.podnet.ingress.route.RouteTable;
import dev.podnet.ingress.route.Site;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * What becomes of an admitted request, decided from the routing table alone: forwarded to its
 * route's upstream, or answered by the proxy (308 to HTTPS for a TLS host over plain HTTP, 404
 * when nothing matches, 503 when the backend cannot take it, 413 over the body limit).
 */
sealed interface Decision {
  record Forward(Route.Proxy route, String path) implements Decision {}

  record Answer(Site site, FullHttpResponse response) implements Decision {}

  static Decision of(HttpRequest req, RequestGate.Admit admit, RouteTable table, String scheme) {
    Route route = table.route(admit.host(), admit.path());
    if (scheme.equals("http") && route.options().sslRedirect() && !(route instanceof Route.NotFound) && table.isTlsHost(admit.host())) {
      String host = req.headers().get(HttpHeaderNames.HOST, admit.host()).replaceFirst(":\\d+$", "");
      return new Answer(route.site(), Replies.redirect("https://" + host + (req.uri().startsWith("/") ? req.uri() : admit.path())));
    }
    if (route instanceof Route.Proxy p) {
      long max = p.options().maxBodyBytes();
      if (max >= 0 && HttpUtil.getContentLength(req, -1L) > max) {
        return new Answer(route.site(), Replies.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "413 Request Entity Too Large"));
      }
      return new Forward(p, admit.path());
    }
    if (route instanceof Route.Unavailable u) {
      return new Answer(route.site(), Replies.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "503 Service Temporarily Unavailable: " + u.reason()));
    }
    return new Answer(route.site(), Replies.text(HttpResponseStatus.NOT_FOUND, "404 Not Found"));
  }
}

package dev.podnet.ingress.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * The answers the proxy gives itself (404 default backend, 503, 400, 308, 502, 504, 413), with
 * what every HTTP response should carry: Date, Server, Content-Type and Content-Length.
 */
final class Replies {
  static final String SERVER = "podnet-ingress";

  private Replies() {}

  static FullHttpResponse text(HttpResponseStatus status, String body) {
    ByteBuf content = Unpooled.copiedBuffer(body + "\n", StandardCharsets.UTF_8);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8").set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
        .set(HttpHeaderNames.DATE, DateFormatter.format(new Date())).set(HttpHeaderNames.SERVER, SERVER);
    return r;
  }

  /** The permanent redirect of plain HTTP to a TLS host: 308 keeps the method and body, unlike 301. */
  static FullHttpResponse redirect(String location) {
    FullHttpResponse r = text(HttpResponseStatus.PERMANENT_REDIRECT, "308 Permanent Redirect");
    r.headers().set(HttpHeaderNames.LOCATION, location);
    return r;
  }

  static FullHttpResponse closing(FullHttpResponse r) {
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return r;
  }
}

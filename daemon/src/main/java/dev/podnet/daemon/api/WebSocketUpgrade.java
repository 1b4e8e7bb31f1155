package dev.podnet.daemon.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;

/**
 * Turns an HTTP connection into a WebSocket one with Netty's RFC 6455 handshaker: the 101 with
 * the negotiated subprotocol, frame codecs in place of the HTTP ones, then the API's handler
 * leaves the pipeline and the session takes over.
 */
final class WebSocketUpgrade {
  /** kubectl's stdin chunks are 32 KiB; a frame bigger than this is an error, not a use. */
  private static final int MAX_FRAME = 1 << 20;

  private WebSocketUpgrade() {}

  static void complete(ChannelHandlerContext ctx, ApiRequest r, ApiResponse.WebSocket w) {
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(r.method()), r.path());
    r.headers().forEach((k, v) -> req.headers().set(k, v));
    Channel ch = ctx.channel();
    ChannelHandler api = ctx.handler();
    var handshaker = new WebSocketServerHandshaker13("ws://podnetd" + r.path(), w.subprotocol(),
        WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(MAX_FRAME).build());
    try {
      handshaker.handshake(ch, req).addListener(f -> {
        if (f.isSuccess()) {
          ch.pipeline().remove(api);
          w.session().opened(ch);
        } else {
          w.session().abandoned(f.cause());
          ch.close();
        }
      });
    } catch (RuntimeException e) {
      w.session().abandoned(e);
      ch.close();
    } finally {
      req.release();
    }
  }
}

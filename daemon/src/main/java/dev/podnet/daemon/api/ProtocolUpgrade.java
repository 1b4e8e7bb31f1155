package dev.podnet.daemon.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;

/**
 * Turns an HTTP connection into a WebSocket one (Netty's RFC 6455 handshaker: the 101 with the
 * negotiated subprotocol, frame codecs in place of the HTTP ones) or a raw SPDY/3.1 one; then the
 * API's handler leaves the pipeline and the session takes over.
 */
final class ProtocolUpgrade {
  /** kubectl's stdin chunks are 32 KiB; a frame bigger than this is an error, not a use. */
  private static final int MAX_FRAME = 1 << 20;

  private ProtocolUpgrade() {}

  static void complete(ChannelHandlerContext ctx, ApiRequest r, ApiResponse.Upgrade u) {
    if (u instanceof ApiResponse.WebSocket w) {
      webSocket(ctx, r, w);
    } else if (u instanceof ApiResponse.Spdy s) {
      ctx.channel().eventLoop().execute(() -> spdy(ctx, s));
    }
  }

  private static void webSocket(ChannelHandlerContext ctx, ApiRequest r, ApiResponse.WebSocket w) {
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

  /**
   * On the event loop, so no byte is read in between: HTTP parsing stops, the session's handlers
   * go in at the end (the 101 is written from the API handler's place, before them), and once the
   * 101 is out the HTTP encoder and the API handler leave.
   */
  private static void spdy(ChannelHandlerContext ctx, ApiResponse.Spdy s) {
    ChannelPipeline p = ctx.pipeline();
    p.remove(HttpObjectAggregator.class);
    p.get(HttpServerCodec.class).removeInboundHandler();
    s.session().opened(ctx.channel());
    DefaultFullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS, Unpooled.EMPTY_BUFFER);
    ok.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE).set(HttpHeaderNames.UPGRADE, "SPDY/3.1")
        .set("X-Stream-Protocol-Version", s.streamProtocol());
    ChannelHandler api = ctx.handler();
    ctx.writeAndFlush(ok).addListener(f -> {
      if (f.isSuccess()) {
        p.remove(HttpServerCodec.class);
        p.remove(api);
      } else {
        s.session().abandoned(f.cause());
        ctx.close();
      }
    });
  }
}

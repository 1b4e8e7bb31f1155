package dev.podnet.daemon.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

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
      ctx.channel().eventLoop().execute(() -> webSocket(ctx, r, w));
    } else if (u instanceof ApiResponse.Spdy s) {
      ctx.channel().eventLoop().execute(() -> spdy(ctx, s));
    }
  }

  /**
   * On the event loop, in one task: the handshake's pipeline changes, the 101, and the session's
   * handlers. Started from the worker that decided the upgrade, Netty's handshaker would add its
   * listeners after the event loop had already written the 101; they then run as a later task, and
   * a frame the client sent at once (kubectl's first stdin or terminal size) was decoded in between
   * and dropped at the pipeline's tail. {@link Held} keeps any frame that still comes before the
   * session's handlers and hands it to them.
   */
  private static void webSocket(ChannelHandlerContext ctx, ApiRequest r, ApiResponse.WebSocket w) {
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(r.method()), r.path());
    r.headers().forEach((k, v) -> req.headers().set(k, v));
    Channel ch = ctx.channel();
    ChannelHandler api = ctx.handler();
    Held held = new Held();
    var handshaker = new WebSocketServerHandshaker13("ws://podnetd" + r.path(), w.subprotocol(),
        WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(MAX_FRAME).build());
    try {
      ch.pipeline().addLast(held);
      handshaker.handshake(ch, req).addListener(f -> {
        if (f.isSuccess()) {
          ch.pipeline().remove(api);
          try {
            w.session().opened(ch);
          } finally {
            ch.pipeline().remove(held);
          }
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
   * Frames decoded before the session's handlers are in: kept in order, then passed on to them
   * when this handler leaves; released if the session never opens.
   */
  private static final class Held extends ChannelInboundHandlerAdapter {
    private final ArrayDeque<Object> frames = new ArrayDeque<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      frames.add(msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      boolean active = ctx.channel().isActive();
      for (Object f; (f = frames.poll()) != null;) {
        if (active) {
          ctx.fireChannelRead(f);
        } else {
          ReferenceCountUtil.release(f);
        }
      }
      if (active) {
        ctx.fireChannelReadComplete();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      frames.forEach(ReferenceCountUtil::release);
      frames.clear();
      ctx.fireChannelInactive();
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

package dev.podnet.ingress.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * After the TLS handshake: HTTP/2 when the client offered h2, else HTTP/1.1. Each HTTP/2
 * stream becomes a child channel that speaks HTTP objects, so one front handler serves both.
 */
final class Alpn extends ApplicationProtocolNegotiationHandler {
  private final ProxyContext ctx;

  Alpn(ProxyContext ctx) {
    super(ApplicationProtocolNames.HTTP_1_1);
    this.ctx = ctx;
  }

  @Override
  protected void configurePipeline(ChannelHandlerContext c, String protocol) {
    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
      c.pipeline().addLast(Http2FrameCodecBuilder.forServer().initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(128)
          .maxHeaderListSize(ctx.config().maxHeaderBytes())).build(), new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel stream) {
              stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true), new FrontHandler(ctx, true));
            }
          }));
    } else {
      Http1.configure(c.pipeline(), ctx);
    }
  }

  @Override
  protected void handshakeFailure(ChannelHandlerContext c, Throwable cause) {
    c.close(); // scanners and clients that distrust the default certificate: nothing to log per connection
  }
}

package dev.podnet.ingress.proxy;

import io.netty.channel.ChannelPipeline;

/** The HTTP/1.1 client pipeline: strict decoder, HEAD-aware encoder, the front handler. */
final class Http1 {
  private Http1() {}

  static void configure(ChannelPipeline p, ProxyContext ctx) {
    p.addLast(new StrictRequestDecoder(ctx.config()), new FrontEncoder(), new FrontHandler(ctx, false));
  }
}

package dev.podnet.ingress.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The end of an upstream connection's pipeline: while an exchange uses the connection,
 * everything goes to it; while the connection idles in the pool, any byte or close from the
 * backend retires it (a backend must not talk unasked).
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
  private Exchange exchange;
  private UpstreamPool pool;
  private UpstreamPool.Key key;

  void attach(Exchange e) {
    exchange = e;
    pool = null;
  }

  void idle(UpstreamPool p, UpstreamPool.Key k) {
    exchange = null;
    pool = p;
    key = k;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (exchange != null) {
      exchange.fromUpstream(msg);
    } else {
      ReferenceCountUtil.release(msg);
      ctx.close();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.flushToClient();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.upstreamClosed();
    } else if (pool != null) {
      pool.remove(ctx.channel(), key);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.upstreamWritabilityChanged(ctx.channel().isWritable());
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!(evt instanceof IdleStateEvent)) {
      ctx.fireUserEventTriggered(evt);
    } else if (exchange != null) {
      exchange.upstreamTimedOut();
    } else {
      ctx.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // channelInactive tells the exchange
  }
}

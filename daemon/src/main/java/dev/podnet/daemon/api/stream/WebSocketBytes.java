package dev.podnet.daemon.api.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * A byte stream inside WebSocket, as client-go's tunneling connection makes one: each binary
 * message carries the next bytes, with no channel byte. What comes after sees plain bytes.
 */
final class WebSocketBytes extends ChannelDuplexHandler {

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof BinaryWebSocketFrame b) {
      ctx.fireChannelRead(b.content());
      return;
    }
    try {
      if (msg instanceof PingWebSocketFrame p) {
        ctx.writeAndFlush(new PongWebSocketFrame(p.content().retain()));
      } else if (msg instanceof CloseWebSocketFrame) {
        ctx.close();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ctx.write(msg instanceof ByteBuf b ? new BinaryWebSocketFrame(b) : msg, promise);
  }
}

package dev.podnet.daemon.api.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Exec's streams as WebSocket binary frames whose first byte names the channel ({@link ChannelProtocol}). */
final class ExecOverWebSocket implements ExecTransport {
  private static final Logger log = LoggerFactory.getLogger(ExecOverWebSocket.class);

  private final ChannelProtocol protocol;
  private Channel channel;

  ExecOverWebSocket(ChannelProtocol protocol) {
    this.protocol = protocol;
  }

  @Override
  public void install(Channel ch, Client client) {
    channel = ch;
    ch.pipeline().addLast(new Frames(client));
  }

  @Override
  public boolean awaitStreams(long millis) {
    return true;
  }

  @Override
  public ChannelFuture write(int stream, byte[] data, int len) {
    return channel.writeAndFlush(ChannelProtocol.frame(stream, data, len));
  }

  @Override
  public void finish(byte[] status) {
    if (channel.isActive()) {
      channel.write(ChannelProtocol.frame(ChannelProtocol.ERROR, status, status.length));
      channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public String protocol() {
    return protocol.subprotocol();
  }

  private final class Frames extends ChannelInboundHandlerAdapter {
    private final Client client;

    Frames(Client client) {
      this.client = client;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof BinaryWebSocketFrame b) {
          onData(b.content());
        } else if (msg instanceof PingWebSocketFrame p) {
          ctx.writeAndFlush(new PongWebSocketFrame(p.content().retain()));
        } else if (msg instanceof CloseWebSocketFrame) {
          ctx.close();
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void onData(ByteBuf b) {
      if (!b.isReadable()) {
        return;
      }
      int ch = b.readUnsignedByte();
      switch (ch) {
        case ChannelProtocol.STDIN -> {
          if (b.isReadable()) {
            client.stdin(ByteBufUtil.getBytes(b));
          }
        }
        case ChannelProtocol.RESIZE -> client.resize(b.toString(StandardCharsets.UTF_8));
        case ChannelProtocol.CLOSE -> {
          if (protocol.closesStreams() && b.isReadable() && b.readUnsignedByte() == ChannelProtocol.STDIN) {
            client.stdinClosed();
          }
        }
        default -> log.debug("exec frame on a channel the client may not write ignored channel={}", ch);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      client.gone();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("exec connection failed error={}", cause.toString());
      ctx.close();
    }
  }
}

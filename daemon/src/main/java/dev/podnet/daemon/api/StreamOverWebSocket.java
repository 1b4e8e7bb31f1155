package dev.podnet.daemon.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch (or any streamed answer) asked for over WebSocket, as the API server serves it: each
 * line of the stream (one watch event) is one text message. fabric8's kubernetes-client opens its
 * watches, and so its informers, this way first.
 */
final class StreamOverWebSocket implements UpgradeSession {
  private static final Logger log = LoggerFactory.getLogger(StreamOverWebSocket.class);
  private final ApiResponse.Stream stream;

  private StreamOverWebSocket(ApiResponse.Stream stream) {
    this.stream = stream;
  }

  /** True when the client asked to upgrade this request to WebSocket. */
  static boolean asked(ApiRequest r) {
    return r.method().equals("GET") && r.header("upgrade", "").toLowerCase(Locale.ROOT).contains("websocket");
  }

  /** The upgrade that serves {@code stream} as messages; no subprotocol (JSON, text framing). */
  static ApiResponse.WebSocket of(ApiResponse.Stream stream) {
    return new ApiResponse.WebSocket(null, new StreamOverWebSocket(stream));
  }

  @Override
  public void opened(Channel ch) {
    ch.pipeline().addLast(new SimpleChannelInboundHandler<WebSocketFrame>() {
      @Override
      protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame f) {
        if (f instanceof CloseWebSocketFrame) {
          ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(x -> ctx.close());
        } else if (f instanceof PingWebSocketFrame) {
          ctx.writeAndFlush(new PongWebSocketFrame(f.content().retain()));
        }
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
      }
    });
    Thread t = new Thread(() -> produce(ch), "watch-ws");
    t.setDaemon(true);
    t.start();
  }

  private void produce(Channel ch) {
    ApiResponse.StreamSink sink = new ApiResponse.StreamSink() {
      @Override
      public void write(String chunk) {
        for (String line : chunk.split("\n")) {
          if (!line.isBlank()) {
            ch.writeAndFlush(new TextWebSocketFrame(line));
          }
        }
      }

      @Override
      public boolean isOpen() {
        return ch.isActive();
      }

      @Override
      public void onClose(Runnable r) {
        ch.closeFuture().addListener(f -> r.run());
      }
    };
    try {
      stream.producer().produce(sink);
    } catch (Exception e) {
      log.debug("websocket stream ended error={}", e.toString());
    }
    if (ch.isActive()) {
      ch.writeAndFlush(new CloseWebSocketFrame()).addListener(f -> ch.close());
    }
  }

  @Override
  public void abandoned(Throwable cause) {
    log.debug("websocket stream not opened error={}", cause.toString());
  }
}

package dev.podnet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The upgrade is decided on a worker thread (requests block on the store), and a client may send
 * its first frame the moment it reads the 101: kubectl sends stdin and the terminal size right
 * away. Here every thread that hands work to the server's event loop is slowed right after, so
 * the event loop and the client always run ahead of the worker, the schedule that lost first
 * frames now and then on a loaded machine.
 */
class ProtocolUpgradeTest {
  /** Delays the thread that queued a task, never the event loop itself. */
  private static final class SlowCallers extends DefaultEventLoopGroup {
    SlowCallers() {
      super(1);
    }

    @Override
    protected EventLoop newChild(Executor executor, Object... args) {
      return new DefaultEventLoop(this, executor) {
        @Override
        public void execute(Runnable task) {
          super.execute(task);
          if (!inEventLoop()) {
            try {
              Thread.sleep(100);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      };
    }
  }

  /** Records what the session's own handler receives. */
  private static final class Recording implements UpgradeSession {
    final CompletableFuture<Channel> opened = new CompletableFuture<>();
    final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();

    @Override
    public void opened(Channel ch) {
      ch.pipeline().addLast(new SimpleChannelInboundHandler<WebSocketFrame>() {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame f) {
          frames.add(f.content().toString(StandardCharsets.UTF_8));
        }
      });
      opened.complete(ch);
    }

    @Override
    public void abandoned(Throwable cause) {
      opened.completeExceptionally(cause);
    }
  }

  private final DefaultEventLoopGroup server = new SlowCallers();
  private final DefaultEventLoopGroup client = new DefaultEventLoopGroup(1);
  private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

  @AfterEach
  void stop() {
    server.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    client.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** A server with the API's pipeline whose handler upgrades every request from a worker thread, as ApiServer does. */
  private LocalAddress serve(String name, UpgradeSession session) throws InterruptedException {
    LocalAddress address = new LocalAddress(name);
    new ServerBootstrap().group(server).channel(LocalServerChannel.class).childHandler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new HttpServerCodec(), new BodyLimit(), new SimpleChannelInboundHandler<FullHttpRequest>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            Map<String, String> headers = new LinkedHashMap<>();
            req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
            ApiRequest r = ApiRequest.of(req.method().name(), req.uri(), headers, Caller.ADMIN, new byte[0]);
            Thread worker = new Thread(() -> ProtocolUpgrade.complete(ctx, r, new ApiResponse.WebSocket("v5.channel.k8s.io", session)));
            worker.start();
          }
        });
      }
    }).bind(address).sync();
    return address;
  }

  /** Connects, and sends {@code first} in the same event-loop turn that reads the 101. */
  private Channel connect(LocalAddress address, String first) throws Exception {
    var handshaker = WebSocketClientHandshakerFactory.newHandshaker(new URI("ws://podnetd/exec"), WebSocketVersion.V13, "v5.channel.k8s.io",
        false, new DefaultHttpHeaders(), 1 << 20);
    CompletableFuture<Void> upgraded = new CompletableFuture<>();
    Channel ch = new Bootstrap().group(client).channel(LocalChannel.class).handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16), new WebSocketClientProtocolHandler(handshaker),
            new SimpleChannelInboundHandler<WebSocketFrame>() {
              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                  ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.copiedBuffer(first, StandardCharsets.UTF_8)));
                  upgraded.complete(null);
                }
              }

              @Override
              protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame f) {
                received.add(ByteBufUtil.hexDump(f.content()));
              }
            });
      }
    }).connect(address).sync().channel();
    upgraded.get(10, TimeUnit.SECONDS);
    return ch;
  }

  @Test
  void aFrameSentTheMomentThe101ArrivesReachesTheSession() throws Exception {
    Recording session = new Recording();
    LocalAddress address = serve("upgrade-first-frame", session);
    Channel ch = connect(address, "stdin hi");
    assertThat(session.opened.get(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(session.frames.poll(5, TimeUnit.SECONDS)).as("the first frame").isEqualTo("stdin hi");
    ch.writeAndFlush(new TextWebSocketFrame("second"));
    assertThat(session.frames.poll(5, TimeUnit.SECONDS)).isEqualTo("second");
    ch.close().sync();
  }
}

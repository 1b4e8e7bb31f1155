package dev.podnet.daemon.api.stream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client on a unix socket speaking the channel protocol, as client-go's executor does. */
final class WebSocketClient implements AutoCloseable {
  /** One frame as received: its channel and the rest. */
  record Frame(int channel, byte[] data) {
    String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  private final EpollEventLoopGroup loop = new EpollEventLoopGroup(1);
  private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> upgraded = new CompletableFuture<>();
  private final WebSocketClientHandshaker handshaker;
  private final Channel channel;

  WebSocketClient(Path socket, String uri, String subprotocols) throws Exception {
    handshaker = WebSocketClientHandshakerFactory.newHandshaker(new URI("ws://localhost" + uri), WebSocketVersion.V13, subprotocols, false,
        new DefaultHttpHeaders(), 1 << 20);
    channel = new Bootstrap().group(loop).channel(EpollDomainSocketChannel.class).handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16), new WebSocketClientProtocolHandler(handshaker),
            new SimpleChannelInboundHandler<BinaryWebSocketFrame>() {
              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                  upgraded.complete(null);
                }
              }

              @Override
              protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame f) {
                byte[] b = ByteBufUtil.getBytes(f.content());
                frames.add(new Frame(b[0] & 0xff, Arrays.copyOfRange(b, 1, b.length)));
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                upgraded.completeExceptionally(cause);
                ctx.close();
              }
            });
      }
    }).connect(new DomainSocketAddress(socket.toFile())).sync().channel();
    upgraded.get(10, TimeUnit.SECONDS);
  }

  String subprotocol() {
    return handshaker.actualSubprotocol();
  }

  void send(int ch, String data) {
    send(ch, data.getBytes(StandardCharsets.UTF_8));
  }

  void send(int ch, byte... data) {
    channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.buffer().writeByte(ch).writeBytes(data)));
  }

  /** The next frame; fails the test if none comes in 10 s. */
  Frame next() throws InterruptedException {
    Frame f = frames.poll(10, TimeUnit.SECONDS);
    if (f == null) {
      throw new AssertionError("no frame within 10 s; open=" + channel.isActive());
    }
    return f;
  }

  /** Every frame until the server closes the connection. */
  List<Frame> untilClosed() throws Exception {
    channel.closeFuture().get(10, TimeUnit.SECONDS);
    return List.copyOf(frames);
  }

  boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}

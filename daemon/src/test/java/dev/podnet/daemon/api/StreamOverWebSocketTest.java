package dev.podnet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
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
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watch asked for over WebSocket (as fabric8's informers do): one text message per event, then a close. */
class StreamOverWebSocketTest {
  @TempDir
  Path dir;

  @Test
  void eachLineOfTheStreamIsOneTextMessage() throws Exception {
    Path socket = dir.resolve("api.sock");
    EpollEventLoopGroup loop = new EpollEventLoopGroup(1);
    LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    try (ApiServer server = ApiServer.start(socket, r -> new ApiResponse.Stream("application/json", sink -> {
      sink.write("{\"type\":\"ADDED\"}\n{\"type\":\"MODIFIED\"}\n");
      sink.write("{\"type\":\"DELETED\"}\n");
    }))) {
      var handshaker = WebSocketClientHandshakerFactory.newHandshaker(new URI("ws://podnetd/api/v1/pods?watch=true"), WebSocketVersion.V13, null,
          false, new DefaultHttpHeaders(), 1 << 20);
      Channel ch = new Bootstrap().group(loop).channel(EpollDomainSocketChannel.class).handler(new ChannelInitializer<Channel>() {
        @Override
        protected void initChannel(Channel ch) {
          ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16), new WebSocketClientProtocolHandler(handshaker),
              new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame f) {
                  messages.add(f.text());
                }
              });
        }
      }).connect(new DomainSocketAddress(socket.toFile())).sync().channel();
      assertThat(ch.closeFuture().await(10, TimeUnit.SECONDS)).as("closed by the server at the end of the stream").isTrue();
      assertThat(List.copyOf(messages)).containsExactly("{\"type\":\"ADDED\"}", "{\"type\":\"MODIFIED\"}", "{\"type\":\"DELETED\"}");
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}

package dev.podnet.ingress.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that remembers every request it got (method, URI, headers, body size) and answers
 * with its own name, as the conformance suite's echo server; {@code /ws} echoes WebSocket text.
 */
final class RecordingBackend implements AutoCloseable {
  record Seen(String method, String uri, Map<String, String> headers, int bodyBytes) {}

  private final String name;
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final Channel server;
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();

  RecordingBackend(String name) throws InterruptedException {
    this(name, null);
  }

  /** {@code tls}: the backend speaks HTTPS with this context (backend-protocol tests). */
  RecordingBackend(String name, io.netty.handler.ssl.SslContext tls) throws InterruptedException {
    this.name = name;
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childHandler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        connections.incrementAndGet();
        if (tls != null) {
          ch.pipeline().addLast(tls.newHandler(ch.alloc()));
        }
        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024 * 1024),
            new WebSocketServerProtocolHandler("/ws"), new Answer(), new Echo());
      }
    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  private final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      Map<String, String> headers = new ConcurrentHashMap<>();
      req.headers().forEach(e -> headers.merge(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue(), (a, b) -> a + "," + b));
      seen.add(new Seen(req.method().name(), req.uri(), headers, req.content().readableBytes()));
      if (req.uri().startsWith("/drop")) {
        ctx.close(); // read, then gone without an answer: a backend that crashed mid-request
        return;
      }
      ByteBuf body = Unpooled.copiedBuffer(name + " " + req.method() + " " + req.uri() + " " + req.content().readableBytes() + "\n",
          StandardCharsets.UTF_8);
      FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain").set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
          .set("X-Backend", name);
      boolean keep = HttpUtil.isKeepAlive(req);
      if (req.uri().startsWith("/close")) {
        keep = false;
        res.headers().set(HttpHeaderNames.CONNECTION, "close");
      }
      var f = ctx.writeAndFlush(res);
      if (!keep) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  private static final class Echo extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      ctx.writeAndFlush(new TextWebSocketFrame("echo: " + frame.text()));
    }
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}

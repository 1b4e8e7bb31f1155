package dev.podnet.ingress.proxy;

import dev.podnet.ingress.route.RouteTable;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SniHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The two listeners: plain HTTP and HTTPS (SNI, then ALPN picks HTTP/2 or HTTP/1.1). One event
 * loop per core serves clients and their upstream connections alike (epoll when the kernel
 * offers it).
 */
public final class ProxyServer implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel http;
  private final Channel https;

  private ProxyServer(EventLoopGroup group, Channel http, Channel https) {
    this.group = group;
    this.http = http;
    this.https = https;
  }

  /** Where to listen; port 0 picks a free one (tests). */
  public record Listen(InetSocketAddress http, InetSocketAddress https, int threads) {}

  public static ProxyServer start(Listen listen, ProxyConfig config, Supplier<RouteTable> routes, Certificates certs,
      RequestRecord.Sink sink) throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group = epoll ? new EpollEventLoopGroup(listen.threads()) : new NioEventLoopGroup(listen.threads());
    Pools pools = new Pools(epoll ? EpollSocketChannel.class : NioSocketChannel.class, config);
    Class<? extends ServerChannel> serverType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    try {
      // X-Forwarded-Port names the port the client reached, as the connection's local address has it
      Channel http = bind(group, serverType, listen.http(), new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
          Http1.configure(ch.pipeline(), new ProxyContext(routes, pools, config, sink, "http", ((InetSocketAddress) ch.localAddress()).getPort()));
        }
      });
      Channel https = bind(group, serverType, listen.https(), new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
          ProxyContext secure = new ProxyContext(routes, pools, config, sink, "https", ((InetSocketAddress) ch.localAddress()).getPort());
          ch.pipeline().addLast(new SniHandler(certs), new Alpn(secure));
        }
      });
      return new ProxyServer(group, http, https);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static Channel bind(EventLoopGroup group, Class<? extends ServerChannel> type, InetSocketAddress at, ChannelInitializer<Channel> init)
      throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap().group(group).channel(type).option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT).childHandler(init);
    var f = b.bind(at).await();
    if (!f.isSuccess()) {
      throw new IllegalStateException("listen on " + at + ": " + f.cause().getMessage(), f.cause());
    }
    return f.channel();
  }

  public InetSocketAddress httpAddress() {
    return (InetSocketAddress) http.localAddress();
  }

  public InetSocketAddress httpsAddress() {
    return (InetSocketAddress) https.localAddress();
  }

  /** Stops accepting; open connections finish within {@code graceSeconds}. */
  public void close(int graceSeconds) {
    http.close().syncUninterruptibly();
    https.close().syncUninterruptibly();
    group.shutdownGracefully(graceSeconds, graceSeconds + 1L, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Override
  public void close() {
    close(0);
  }
}

package dev.podnet.ingress.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Kept-alive connections to endpoints, one pool per event loop: a client connection and the
 * upstream connections serving it share a thread, so handing a request over takes no lock and
 * no task queue. Only that loop touches its pool. An idle connection the backend closes leaves
 * the pool by itself ({@link BackendHandler}).
 */
final class UpstreamPool {
  private final Bootstrap plain;
  private final Bootstrap tls;
  private final ProxyConfig config;
  private final Map<Key, ArrayDeque<Channel>> idle = new HashMap<>();

  /**
   * Where a kept-alive connection goes and whether it speaks TLS: the two never share a connection.
   * Equal when the endpoint is the same object, as it is for every request routed by one table,
   * without InetSocketAddress.equals (its holder's comparison was ~2% of the proxy's sampled time).
   */
  record Key(InetSocketAddress endpoint, boolean tls) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && tls == k.tls && (endpoint == k.endpoint || endpoint.equals(k.endpoint));
    }

    @Override
    public int hashCode() {
      return endpoint.hashCode() * 31 + (tls ? 1 : 0);
    }
  }

  UpstreamPool(EventLoop loop, Class<? extends Channel> channelType, ProxyConfig config, SslContext backendTls) {
    this.config = config;
    Bootstrap b = new Bootstrap().group(loop).channel(channelType).option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis());
    this.plain = b.clone().handler(initializer(null));
    this.tls = b.clone().handler(initializer(backendTls));
  }

  private ChannelInitializer<Channel> initializer(SslContext ssl) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        if (ssl != null) {
          ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
        }
        // responses are validated for framing, not header names: they come from the cluster's pods, and the client side re-encodes them
        ch.pipeline().addLast(new HttpClientCodec(8192, 64 * 1024, 64 * 1024, false, false),
            new IdleStateHandler(config.readTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS), new BackendHandler());
      }
    };
  }

  /** A kept-alive connection to {@code key}'s endpoint, else a new one; {@code then} gets the channel or why there is none. */
  void acquire(Key key, BiConsumer<Channel, Throwable> then) {
    ArrayDeque<Channel> q = idle.get(key);
    while (q != null && !q.isEmpty()) {
      Channel c = q.pollLast();
      if (c.isActive()) {
        then.accept(c, null);
        return;
      }
    }
    ChannelFuture f = (key.tls() ? tls : plain).connect(key.endpoint());
    f.addListener(done -> then.accept(done.isSuccess() ? f.channel() : null, done.cause()));
  }

  /** Back into the pool after a complete exchange, unless the pool for that endpoint is full. */
  void release(Channel c, Key key) {
    if (!c.isActive()) {
      return;
    }
    ArrayDeque<Channel> q = idle.get(key); // not computeIfAbsent: a lambda and a second hash on every request
    if (q == null) {
      q = new ArrayDeque<>();
      idle.put(key, q);
    }
    if (q.size() >= config.idlePerEndpoint()) {
      c.close();
      return;
    }
    c.pipeline().get(BackendHandler.class).idle(this, key);
    q.addLast(c);
  }

  void remove(Channel c, Key key) {
    ArrayDeque<Channel> q = idle.get(key);
    if (q != null) {
      q.remove(c);
    }
  }

  int idleCount() {
    return idle.values().stream().mapToInt(ArrayDeque::size).sum();
  }
}

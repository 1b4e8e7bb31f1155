package dev.podnet.ingress.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/** The upstream pool of each event loop, made on first use by that loop. */
final class Pools {
  private final ConcurrentHashMap<EventLoop, UpstreamPool> byLoop = new ConcurrentHashMap<>();
  private final Class<? extends Channel> channelType;
  private final ProxyConfig config;
  private final SslContext backendTls;

  Pools(Class<? extends Channel> channelType, ProxyConfig config) {
    this.channelType = channelType;
    this.config = config;
    try {
      // backend-protocol HTTPS: encrypted, not verified, as ingress-nginx's default proxy_ssl_verify off (pods' certificates are rarely for a name)
      this.backendTls = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).protocols("TLSv1.3", "TLSv1.2").build();
    } catch (SSLException e) {
      throw new IllegalStateException("make the TLS client context for HTTPS backends: " + e.getMessage(), e);
    }
  }

  UpstreamPool of(EventLoop loop) {
    UpstreamPool p = byLoop.get(loop);
    return p != null ? p : byLoop.computeIfAbsent(loop, l -> new UpstreamPool(l, channelType, config, backendTls));
  }

  int idleCount() {
    return byLoop.values().stream().mapToInt(UpstreamPool::idleCount).sum();
  }
}

package dev.podnet.ingress.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentHashMap;

/** The upstream pool of each event loop, made on first use by that loop. */
final class Pools {
  private final ConcurrentHashMap<EventLoop, UpstreamPool> byLoop = new ConcurrentHashMap<>();
  private final Class<? extends Channel> channelType;
  private final ProxyConfig config;

  Pools(Class<? extends Channel> channelType, ProxyConfig config) {
    this.channelType = channelType;
    this.config = config;
  }

  UpstreamPool of(EventLoop loop) {
    UpstreamPool p = byLoop.get(loop);
    return p != null ? p : byLoop.computeIfAbsent(loop, l -> new UpstreamPool(l, channelType, config));
  }

  int idleCount() {
    return byLoop.values().stream().mapToInt(UpstreamPool::idleCount).sum();
  }
}

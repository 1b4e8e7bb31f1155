package dev.podnet.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names outside the cluster, relayed to upstream resolvers as CoreDNS's forward plugin does: the
 * client's query goes out unchanged but for a fresh random ID, the first upstream that answers
 * wins, and its reply (ID restored by the caller) goes back. An upstream that refused (ICMP) or
 * timed out {@value #MAX_FAILS} times in a row is skipped for {@code downFor}, so with no
 * reachable upstream the answer is an immediate SERVFAIL instead of a client waiting out its own
 * time-outs, while one lost datagram does not take a healthy upstream out.
 */
final class Forwarder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

  private record Pending(CompletableFuture<Optional<byte[]>> result, Query query, int upstream,
                         io.netty.util.concurrent.ScheduledFuture<?> timeout) {}

  private final List<InetSocketAddress> upstreams;
  private final List<Channel> channels = new ArrayList<>();
  private static final int MAX_FAILS = 3;
  private final long[] downUntilNanos;
  private final int[] consecutiveTimeouts;
  private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
  private final ForwardCache cache;
  private final Metrics metrics;
  private final Duration timeout;
  private final Duration downFor = Duration.ofSeconds(5);

  Forwarder(List<InetSocketAddress> upstreams, Duration timeout, ForwardCache cache, Metrics metrics) {
    this.upstreams = List.copyOf(upstreams);
    this.downUntilNanos = new long[upstreams.size()];
    this.consecutiveTimeouts = new int[upstreams.size()];
    this.timeout = timeout;
    this.cache = cache;
    this.metrics = metrics;
  }

  /** Connects one socket per upstream; a connected UDP socket is told by ICMP when nobody listens. */
  void start(EventLoopGroup group) throws InterruptedException {
    for (int i = 0; i < upstreams.size(); i++) {
      int index = i;
      Channel ch = new Bootstrap().group(group).channel(NioDatagramChannel.class)
          .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
              onReply(index, ByteBufUtil.getBytes(p.content()));
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
              onUnreachable(index, cause);
            }
          })
          .connect(upstreams.get(i)).sync().channel();
      channels.add(ch);
    }
  }

  /** The upstream's reply bytes (still carrying the upstream ID), or empty when none answered. */
  CompletableFuture<Optional<byte[]>> forward(Query q) {
    Optional<ForwardCache.Hit> hit = cache.get(ForwardCache.key(q), System.nanoTime());
    if (hit.isPresent()) {
      metrics.cacheHit(hit.get().denial());
      return CompletableFuture.completedFuture(Optional.of(hit.get().reply()));
    }
    metrics.cacheMiss();
    CompletableFuture<Optional<byte[]>> result = new CompletableFuture<>();
    send(q, result, 0);
    return result;
  }

  private void send(Query q, CompletableFuture<Optional<byte[]>> result, int from) {
    long now = System.nanoTime();
    int u = from;
    while (u < upstreams.size() && downUntilNanos[u] - now > 0) {
      u++;
    }
    if (u >= upstreams.size()) {
      result.complete(Optional.empty());
      return;
    }
    int id = freshId();
    byte[] out = q.raw().clone();
    out[0] = (byte) (id >>> 8);
    out[1] = (byte) id;
    int upstream = u;
    Channel ch = channels.get(u);
    var timer = ch.eventLoop().schedule(() -> onTimeout(id), timeout.toMillis(), TimeUnit.MILLISECONDS);
    pending.put(id, new Pending(result, q, upstream, timer));
    metrics.forwardRequest(upstreams.get(u));
    ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(out), upstreams.get(u)));
  }

  private int freshId() {
    for (;;) {
      int id = ThreadLocalRandom.current().nextInt(0x10000);
      if (!pending.containsKey(id)) {
        return id;
      }
    }
  }

  private void onReply(int upstream, byte[] reply) {
    if (reply.length < 12) {
      return;
    }
    int id = ((reply[0] & 0xFF) << 8) | (reply[1] & 0xFF);
    Pending p = pending.get(id);
    if (p == null || p.upstream() != upstream || !sameQuestion(p.query().raw(), reply) || !pending.remove(id, p)) {
      return;
    }
    p.timeout().cancel(false);
    consecutiveTimeouts[upstream] = 0;
    metrics.forwardResponse(upstreams.get(upstream), reply[3] & 0xF);
    cache.put(ForwardCache.key(p.query()), reply, System.nanoTime());
    p.result().complete(Optional.of(reply));
  }

  /** A reply is for our query only if it repeats the question byte for byte (case included, per 0x20 randomization). */
  private static boolean sameQuestion(byte[] query, byte[] reply) {
    int end = 12;
    while (end < query.length && query[end] != 0) {
      end += (query[end] & 0xFF) + 1;
    }
    end += 5;
    if (end > query.length || end > reply.length) {
      return false;
    }
    return java.util.Arrays.equals(query, 12, end, reply, 12, end);
  }

  private void onTimeout(int id) {
    Pending p = pending.remove(id);
    if (p != null) {
      if (++consecutiveTimeouts[p.upstream()] >= MAX_FAILS) {
        markDown(p.upstream(), MAX_FAILS + " queries in a row without a reply within " + timeout.toMillis() + " ms");
      }
      send(p.query(), p.result(), p.upstream() + 1);
    }
  }

  private void onUnreachable(int upstream, Throwable cause) {
    markDown(upstream, cause.toString());
    for (Map.Entry<Integer, Pending> e : pending.entrySet()) {
      Pending p = e.getValue();
      if (p.upstream() == upstream && pending.remove(e.getKey(), p)) {
        p.timeout().cancel(false);
        send(p.query(), p.result(), upstream + 1);
      }
    }
  }

  private void markDown(int upstream, String why) {
    long now = System.nanoTime();
    if (downUntilNanos[upstream] - now <= 0) {
      log.warn("upstream={} down for {} s: {}", upstreams.get(upstream), downFor.toSeconds(), why);
    }
    downUntilNanos[upstream] = now + downFor.toNanos();
    consecutiveTimeouts[upstream] = 0;
  }

  @Override
  public void close() {
    channels.forEach(Channel::close);
  }
}

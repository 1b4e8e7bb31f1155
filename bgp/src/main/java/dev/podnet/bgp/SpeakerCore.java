package dev.podnet.bgp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The speaker's state and sockets, all on one event-loop thread: peers, the Loc-RIB, and the
 * prefixes whose best path changed since the last {@link #flush}, which tells the listener and
 * every peer's Adj-RIB-Out in one pass.
 */
final class SpeakerCore {
  final SpeakerConfig config;
  private final RouteListener listener;
  final NioEventLoopGroup group = new NioEventLoopGroup(1, r -> {
    Thread t = new Thread(r, "bgp-speaker");
    t.setDaemon(true);
    return t;
  });
  final EventLoop loop = group.next();
  final LocRib rib = new LocRib();
  final Map<InetAddress, Peer> peers = new HashMap<>();
  private final Set<Prefix> dirty = new LinkedHashSet<>();
  /** RFC 4456 7: the reflection cluster; the router id unless redundant reflectors share one. */
  Inet4Address clusterId;
  /** Set while shutting down for a restart: the kernel keeps its routes, so the listener hears nothing. */
  boolean silent;
  private boolean converged;

  SpeakerCore(SpeakerConfig config, RouteListener listener) {
    this.config = config;
    this.listener = listener;
    this.clusterId = config.routerId();
  }

  Optional<Channel> listen() {
    if (config.listen().isEmpty()) {
      return Optional.empty();
    }
    ServerBootstrap b = new ServerBootstrap().group(group)
        .channelFactory(() -> inContext(NioServerSocketChannel::new))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            Peer p = peers.get(ch.remoteAddress().getAddress());
            if (p == null) {
              ch.close(); // not a configured neighbour (RFC 4271 8: only configured peers get a session)
              return;
            }
            pipeline(ch, p, false);
          }
        });
    b.option(ChannelOption.SO_REUSEADDR, true);
    InetSocketAddress at = config.listen().get();
    ChannelFuture f = b.bind(at).awaitUninterruptibly();
    if (!f.isSuccess()) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IllegalStateException("BGP speaker " + config.routerId().getHostAddress() + " cannot listen on "
          + at.getAddress().getHostAddress() + ":" + at.getPort() + ": " + f.cause().getMessage()
          + " (is another BGP daemon bound there, or is the address not on this namespace's links?)", f.cause());
    }
    return Optional.of(f.channel());
  }

  private <T> T inContext(java.util.function.Supplier<T> create) {
    return CompletableFuture.supplyAsync(create, config.socketContext()).join();
  }

  private void pipeline(Channel ch, Peer p, boolean outbound) {
    FrameCodec codec = new FrameCodec();
    ch.pipeline().addLast(codec, new SessionHandler(p, new Connection(ch, outbound, codec)));
  }

  ChannelFuture dial(Peer p) {
    Bootstrap b = new Bootstrap().group(group)
        .channelFactory(() -> inContext(NioSocketChannel::new))
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            pipeline(ch, p, true);
          }
        });
    InetSocketAddress remote = new InetSocketAddress(p.config.address(), p.config.port());
    Optional<InetAddress> source = config.listen().map(InetSocketAddress::getAddress).filter(a -> !a.isAnyLocalAddress());
    // dial from the listening address so the peer recognises us by the address it is configured with
    return source.map(s -> b.connect(remote, new InetSocketAddress(s, 0))).orElseGet(() -> b.connect(remote));
  }

  Message.Open open(PeerConfig peer) {
    Map<Family, Boolean> forwarding = new EnumMap<>(Family.class);
    for (Family f : Family.values()) {
      forwarding.put(f, config.restarting());
    }
    List<Capability> caps = new ArrayList<>();
    for (Family f : Family.values()) {
      caps.add(Capability.Multiprotocol.of(f));
    }
    caps.add(new Capability.RouteRefresh());
    caps.add(new Capability.FourOctetAs(config.asn()));
    caps.add(new Capability.GracefulRestart(config.restarting(), config.restartTime(), forwarding));
    int myAs = config.asn() > 0xffff ? Codec.AS_TRANS : (int) config.asn();
    return new Message.Open(4, myAs, peer.timers().holdTime(), config.routerId(), caps);
  }

  void ribPut(Path path) {
    if (rib.put(path)) {
      dirty.add(path.prefix());
    }
  }

  void ribRemove(Prefix prefix, Optional<InetAddress> from) {
    if (rib.remove(prefix, from)) {
      dirty.add(prefix);
    }
  }

  /** Tells the listener and every peer about the best paths that changed since the last flush. */
  void flush() {
    if (dirty.isEmpty()) {
      return;
    }
    List<Prefix> changed = new ArrayList<>(dirty);
    dirty.clear();
    if (!silent) {
      changed.forEach(p -> listener.bestPathChanged(p, rib.best(p)));
    }
    peers.values().forEach(peer -> peer.out.advertise(changed));
  }

  /** Sends every peer what changed after a change of who is a client or of the cluster id: exports differ, routes do not. */
  void reexport() {
    List<Prefix> all = rib.bests().stream().map(Path::prefix).toList();
    peers.values().forEach(peer -> peer.out.advertise(all));
  }

  /** RFC 4724 4.1: converged once every peer is up and has sent End-of-RIB for each family. */
  void checkConverged() {
    if (converged || peers.isEmpty()) {
      return;
    }
    boolean all = peers.values().stream().allMatch(p -> p.established()
        .map(c -> p.endOfRibReceived.containsAll(c.negotiated.families())).orElse(false));
    if (all) {
      declareConverged();
    }
  }

  void declareConverged() {
    if (!converged) {
      converged = true;
      listener.converged();
    }
  }
}

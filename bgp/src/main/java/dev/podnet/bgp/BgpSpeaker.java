package dev.podnet.bgp;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A BGP-4 speaker: sessions with configured peers, the prefixes this speaker originates, and a
 * {@link RouteListener} told of every best-path change. All state lives on one thread; these
 * methods hand work to it and wait, so they are safe from any thread.
 *
 * <pre>
 *   speaker = BgpSpeaker.start(SpeakerConfig.of(id, 64512).listenOn(nodeIp, 179), listener);
 *   speaker.addPeer(PeerConfig.of(otherNodeIp, 64512));
 *   speaker.originate(Prefix.parse("10.244.1.0/24"), nodeIp, PathAttributes.local());
 * </pre>
 */
public final class BgpSpeaker implements AutoCloseable {
  private final SpeakerCore core;
  private final Optional<Channel> server;

  private BgpSpeaker(SpeakerCore core, Optional<Channel> server) {
    this.core = core;
    this.server = server;
  }

  /** Starts the speaker: listens if configured; peers come with {@link #addPeer}. */
  public static BgpSpeaker start(SpeakerConfig config, RouteListener listener) {
    SpeakerCore core = new SpeakerCore(config, listener);
    Optional<Channel> server = core.listen();
    // a restarting speaker waits for its peers' End-of-RIB, but never longer than its restart time
    core.loop.schedule(core::declareConverged, Math.max(1, config.restartTime()), TimeUnit.SECONDS);
    return new BgpSpeaker(core, server);
  }

  /** The address the speaker listens on (with the port the kernel chose for port 0). */
  public Optional<InetSocketAddress> listenAddress() {
    return server.map(c -> (InetSocketAddress) c.localAddress());
  }

  /**
   * Adds a neighbour, replacing one with the same address. A change of what the session
   * negotiates (AS, port, timers, passive) restarts it; a change of local policy only (reflector
   * client, export) keeps it up and sends every peer the difference, so no route flaps.
   */
  public void addPeer(PeerConfig peer) {
    call(() -> {
      Peer old = core.peers.get(peer.address());
      if (old != null && sameSession(old.config, peer)) {
        old.config = peer;
        core.reexport();
        return null;
      }
      core.peers.remove(peer.address());
      if (old != null) {
        old.stop(true);
      }
      Peer p = new Peer(peer, core);
      core.peers.put(peer.address(), p);
      p.start();
      core.flush();
      return null;
    });
  }

  private static boolean sameSession(PeerConfig a, PeerConfig b) {
    return a.asn() == b.asn() && a.port() == b.port() && a.passive() == b.passive() && a.timers().equals(b.timers());
  }

  /**
   * Sets the route-reflection cluster id (RFC 4456 7), empty for the router id: reflectors that
   * back each other up share one, so neither accepts what the other reflected from their clients.
   */
  public void clusterId(java.util.Optional<java.net.Inet4Address> id) {
    call(() -> {
      java.net.Inet4Address next = id.orElse(core.config.routerId());
      if (!next.equals(core.clusterId)) {
        core.clusterId = next;
        core.reexport();
      }
      return null;
    });
  }

  /** Ends the session with a Cease (peer de-configured) and forgets the peer's routes; absent counts as success. */
  public void removePeer(InetAddress address) {
    call(() -> {
      Peer p = core.peers.remove(address);
      if (p != null) {
        p.stop(true);
        core.flush();
        core.checkConverged();
      }
      return null;
    });
  }

  /**
   * Drops a peer without a NOTIFICATION, as a restart would look to it: a graceful-restart helper
   * keeps this speaker's routes (stale) until it drops the session itself. For retiring a session
   * that other sessions replace, so neither side loses a route while both switch over.
   */
  public void retirePeer(InetAddress address) {
    call(() -> {
      Peer p = core.peers.remove(address);
      if (p != null) {
        p.stop(false);
        core.flush();
      }
      return null;
    });
  }

  /** True when every prefix {@code peer} sent is also known from elsewhere: {@link #retirePeer} would lose no route. */
  public boolean othersCover(InetAddress peer) {
    return call(() -> core.rib.othersCover(peer));
  }

  /** Originates {@code prefix} with {@code nextHop}, replacing what this speaker originated for it before. */
  public void originate(Prefix prefix, InetAddress nextHop, PathAttributes attributes) {
    if (Family.of(nextHop) != prefix.family()) {
      throw new IllegalArgumentException("originate " + prefix + " via " + nextHop.getHostAddress() + ": next hop of another address family");
    }
    call(() -> {
      core.ribPut(new Path(prefix, nextHop, attributes, PathSource.local(core.config.routerId(), core.config.asn())));
      core.flush();
      return null;
    });
  }

  /** Stops originating {@code prefix}; absent counts as success. */
  public void withdraw(Prefix prefix) {
    call(() -> {
      core.ribRemove(prefix, Optional.empty());
      core.flush();
      return null;
    });
  }

  /** Asks every established peer to send its routes again (RFC 2918). */
  public void refresh(InetAddress peer) {
    call(() -> {
      Optional.ofNullable(core.peers.get(peer)).ifPresent(Peer::refresh);
      return null;
    });
  }

  public List<PeerStatus> peers() {
    return call(() -> core.peers.values().stream().map(Peer::status)
        .sorted(Comparator.comparing(s -> s.address().getHostAddress())).toList());
  }

  /** The Loc-RIB: the best path of every prefix. */
  public List<Path> routes() {
    return call(() -> core.rib.bests().stream().sorted(Comparator.comparing(Path::prefix)).toList());
  }

  /** How many prefixes have a best path (cheaper than {@link #routes} for a count). */
  public int routeCount() {
    return call(core.rib::size);
  }

  /** Paths of {@code peer} kept stale after its session dropped (graceful restart helper). */
  public int staleFrom(InetAddress peer) {
    return call(() -> Optional.ofNullable(core.peers.get(peer)).map(p -> p.in.staleCount()).orElse(0));
  }

  /** Ends every session with a Cease and stops; the listener hears every route go. */
  @Override
  public void close() {
    shutdown(true);
  }

  /**
   * Stops without NOTIFICATIONs, as a crash would: graceful-restart helpers keep this speaker's
   * routes, and the listener hears nothing, so the kernel keeps forwarding until the speaker
   * comes back with {@code SpeakerConfig.restart(time, true)}.
   */
  public void closeForRestart() {
    shutdown(false);
  }

  private void shutdown(boolean notify) {
    try {
      call(() -> {
        core.silent = !notify;
        core.peers.values().forEach(p -> p.stop(notify));
        core.flush();
        server.ifPresent(Channel::close);
        return null;
      });
    } finally {
      core.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  private <T> T call(Callable<T> task) {
    if (core.loop.inEventLoop()) {
      throw new IllegalStateException("BgpSpeaker called from its own thread (a RouteListener must not call back synchronously)");
    }
    try {
      return core.loop.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the BGP speaker " + core.config.routerId().getHostAddress(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("BGP speaker " + core.config.routerId().getHostAddress() + ": " + e.getCause(), e.getCause());
    }
  }
}

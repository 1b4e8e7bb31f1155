package dev.podnet.agent.routing.bgp;

import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.agent.routing.Underlay;
import dev.podnet.bgp.BgpSpeaker;
import dev.podnet.bgp.PathAttributes;
import dev.podnet.bgp.PeerConfig;
import dev.podnet.bgp.PeerStatus;
import dev.podnet.bgp.Prefix;
import dev.podnet.bgp.RouteListener;
import dev.podnet.bgp.SpeakerConfig;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.NetnsExecutor;
import dev.podnet.kernel.Route;
import java.net.Inet4Address;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's BGP: a speaker in the node's namespace peering with every other node (iBGP full
 * mesh), announcing the node's pod CIDR with the node as next hop, and installing what it learns
 * as {@code proto bgp} routes. Listener calls only record and wake the sync thread, which turns
 * the best paths into one batch; a periodic resync repairs drift.
 *
 * <p>Restarts keep forwarding: proto-bgp routes left by a previous agent mean this one starts as
 * a restarting speaker (RFC 4724), keeps those routes until its peers' End-of-RIB, and only then
 * removes what nobody announced again. {@link #close} leaves routes and peers' copies in place.
 */
public final class BgpRouting implements dev.podnet.agent.routing.NodeRouting {
  private static final Logger log = LoggerFactory.getLogger(BgpRouting.class);

  private final Kernel kernel;
  private final Netns netns;
  private final NodeInfo self;
  private final Underlay underlay;
  private final BgpRoutingConfig config;
  private final Map<Prefix, dev.podnet.bgp.Path> learned = new ConcurrentHashMap<>();
  private final Map<String, NodeInfo> peers = new ConcurrentHashMap<>();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ScheduledExecutorService thread;
  private final AutoCloseable sockets;
  private final BgpSpeaker speaker;
  private volatile boolean converged;

  /** Where a node's routing lives: the kernel and namespace it programs, the node, its LAN device. */
  public record Node(Kernel kernel, Netns netns, NodeInfo self, Underlay underlay) {}

  /** Starts the node's speaker with its sockets in the node's namespace. */
  public static BgpRouting start(Node node, BgpRoutingConfig config) {
    NetnsExecutor ns = new NetnsExecutor(node.netns(), 1);
    Executor sockets = r -> ns.submit(() -> {
      r.run();
      return null;
    });
    return new BgpRouting(node, config, sockets, ns);
  }

  BgpRouting(Node node, BgpRoutingConfig config, Executor socketContext, AutoCloseable sockets) {
    this.kernel = node.kernel();
    this.netns = node.netns();
    this.self = node.self();
    this.underlay = node.underlay();
    this.config = config;
    this.sockets = sockets;
    if (!(self.lanAddress() instanceof Inet4Address id)) {
      throw new IllegalArgumentException("bgp routing on node " + self.name() + ": the router id is the node's IPv4 LAN address, but it has "
          + self.lanAddress().getHostAddress() + "; give the node an IPv4 address on the node LAN");
    }
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bgp-routing-" + self.name());
      t.setDaemon(true);
      return t;
    });
    boolean restarting = !installed().isEmpty();
    SpeakerConfig sc = SpeakerConfig.of(id, config.asn()).listenOn(self.lanAddress(), config.port())
        .socketsIn(socketContext).restart(config.restartTime(), restarting);
    this.speaker = BgpSpeaker.start(sc, new Recorder());
    speaker.originate(new Prefix(self.podCidr().address(), self.podCidr().prefix()), self.lanAddress(), PathAttributes.local());
    long every = config.resync().toMillis();
    thread.scheduleWithFixedDelay(this::sync, every, every, TimeUnit.MILLISECONDS);
    log.info("bgp routing started node={} netns={} asn={} restarting={}", self.name(), netns, config.asn(), restarting);
  }

  /** Records best-path changes; never calls back into the speaker (it runs on the speaker's thread). */
  private final class Recorder implements RouteListener {
    @Override
    public void bestPathChanged(Prefix prefix, Optional<dev.podnet.bgp.Path> best) {
      best.filter(p -> !p.source().local()).ifPresentOrElse(p -> learned.put(prefix, p), () -> learned.remove(prefix));
      trigger();
    }

    @Override
    public void converged() {
      converged = true;
      trigger();
    }
  }

  @Override
  public void onNodeAdded(NodeInfo n) {
    if (n.name().equals(self.name())) {
      return;
    }
    NodeInfo old = peers.put(n.name(), n);
    if (old != null && old.lanAddress().equals(n.lanAddress())) {
      return;
    }
    if (old != null) {
      speaker.removePeer(old.lanAddress());
    }
    speaker.addPeer(PeerConfig.of(n.lanAddress(), config.asn()).port(config.port()).timers(config.holdTime(), 1));
  }

  @Override
  public void onNodeUpdated(NodeInfo n) {
    onNodeAdded(n);
  }

  /** A node that left: its session ends with a Cease, so its routes go at once (no graceful restart). */
  @Override
  public void onNodeDeleted(String name) {
    NodeInfo n = peers.remove(name);
    if (n != null) {
      speaker.removePeer(n.lanAddress());
    }
  }

  /** Sessions for {@code podnet get bgppeers} / {@code describe node}. */
  public List<PeerStatus> sessions() {
    return speaker.peers();
  }

  /** Applies the learned paths now, on the sync thread, and returns what the batch held. */
  public List<IpCommand> syncNow() {
    try {
      return thread.submit(this::sync).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted syncing bgp routes of node " + self.name(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
  }

  private void trigger() {
    if (pending.compareAndSet(false, true)) {
      thread.execute(() -> {
        pending.set(false);
        sync();
      });
    }
  }

  private List<IpCommand> sync() {
    try {
      List<Route> want = learned.values().stream().map(p -> RoutePlan.route(p, underlay)).toList();
      List<IpCommand> batch = RoutePlan.diff(want, installed(), !converged);
      if (!batch.isEmpty()) {
        kernel.apply(netns, batch);
        log.info("bgp routes synced node={} netns={} learned={} changes={} converged={}", self.name(), netns, want.size(), batch.size(), converged);
      }
      return batch;
    } catch (RuntimeException e) {
      log.warn("bgp routes sync failed node={} netns={} error={}", self.name(), netns, e.getMessage());
      return List.of();
    }
  }

  private List<Route> installed() {
    return kernel.routes(netns).stream().filter(r -> r.protocol() == RoutePlan.PROTO_BGP).toList();
  }

  /**
   * Stops as a restart would: no NOTIFICATION, so peers keep this node's route for the restart
   * time, and the kernel keeps the learned routes for the next agent to adopt.
   */
  @Override
  public void close() {
    thread.shutdownNow();
    speaker.closeForRestart();
    try {
      sockets.close();
    } catch (Exception e) {
      log.warn("closing bgp sockets thread node={} error={}", self.name(), e.getMessage());
    }
  }
}

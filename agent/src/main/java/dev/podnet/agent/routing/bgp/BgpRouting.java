package dev.podnet.agent.routing.bgp;

import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.agent.routing.Underlay;
import dev.podnet.api.bgp.BgpConfigurationSpec;
import dev.podnet.api.bgp.BgpPeerSpec;
import dev.podnet.bgp.BgpSpeaker;
import dev.podnet.bgp.PathAttributes;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's BGP: a speaker in the node's namespace peering as Calico would (the node-to-node
 * mesh, or route reflectors chosen by BGPPeers; {@link SessionPlanner}), announcing the node's
 * pod CIDR with the node as next hop, and installing what it learns as {@code proto bgp} routes.
 * Input and listener calls only record and wake the routing thread, which plans sessions
 * ({@link SpeakerSessions}) and turns the best paths into one batch; a periodic resync repairs
 * drift. Fed either with plain node events (no API: a full mesh) or, after {@link #followApi},
 * with Nodes (labels, Calico's annotations), the BGPConfiguration and BGPPeers.
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
  private final Map<String, BgpNode> nodes = new ConcurrentHashMap<>();
  private final Map<String, BgpPeerSpec> bgpPeers = new ConcurrentHashMap<>();
  private volatile BgpConfigurationSpec bgpConfig = BgpConfigurationSpec.DEFAULTS;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicBoolean planPending = new AtomicBoolean();
  private final ScheduledExecutorService thread;
  private final AutoCloseable sockets;
  private final SpeakerSessions speaker;
  private final boolean restartedWithRoutes;
  /** Fed from the API: plain node events are ignored, and sessions wait for {@link #inputsSynced}. */
  private volatile boolean apiFed;
  private volatile boolean ready;
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
    this.restartedWithRoutes = !installed().isEmpty();
    this.speaker = new SpeakerSessions((plan, restarting) -> startSpeaker(id, socketContext, plan, restarting), config);
    nodes.put(self.name(), BgpNode.plain(self));
    long every = config.resync().toMillis();
    thread.scheduleWithFixedDelay(this::sync, every, every, TimeUnit.MILLISECONDS);
    log.info("bgp routing started node={} netns={} restarting={}", self.name(), netns, restartedWithRoutes);
  }

  /** A new speaker for {@code plan}: what was learned before is learned again, and kept in the kernel until then. */
  private BgpSpeaker startSpeaker(Inet4Address id, Executor socketContext, SessionPlan plan, boolean restarting) {
    learned.clear();
    converged = false;
    SpeakerConfig sc = SpeakerConfig.of(id, plan.asn()).listenOn(self.lanAddress(), plan.port())
        .socketsIn(socketContext).restart(config.restartTime(), restarting);
    BgpSpeaker s = BgpSpeaker.start(sc, new Recorder());
    s.originate(new Prefix(self.podCidr().address(), self.podCidr().prefix()), self.lanAddress(), PathAttributes.local());
    log.info("bgp speaker started node={} asn={} port={} restarting={}", self.name(), plan.asn(), plan.port(), restarting);
    return s;
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
    if (!apiFed) {
      ready = true;
      onNode(BgpNode.plain(n));
    }
  }

  @Override
  public void onNodeUpdated(NodeInfo n) {
    onNodeAdded(n);
  }

  /** A node that left: its session ends with a Cease, so its routes go at once (no graceful restart). */
  @Override
  public void onNodeDeleted(String name) {
    if (!apiFed) {
      onNodeGone(name);
    }
  }

  /** From now on the inputs come from the API ({@link BgpFeed}); sessions wait for {@link #inputsSynced}. */
  void followApi() {
    apiFed = true;
  }

  void onNode(BgpNode n) {
    nodes.put(n.name(), n);
    replan();
  }

  void onNodeGone(String name) {
    if (!name.equals(self.name()) && nodes.remove(name) != null) {
      replan();
    }
  }

  /** The BGPConfiguration {@code default}, or Calico's defaults when there is none. */
  void onConfiguration(BgpConfigurationSpec spec) {
    bgpConfig = spec;
    replan();
  }

  void onPeer(String name, Optional<BgpPeerSpec> spec) {
    spec.ifPresentOrElse(s -> bgpPeers.put(name, s), () -> bgpPeers.remove(name));
    replan();
  }

  /** Every input has listed: sessions can be planned from the whole picture. */
  void inputsSynced() {
    ready = true;
    replan();
  }

  String nodeName() {
    return self.name();
  }

  /** Sessions for {@code podnet get bgppeers} / {@code describe node}. */
  public List<PeerStatus> sessions() {
    return speaker.peers();
  }

  /**
   * The sessions with why each exists and the BGPPeer each was made for (as last planned;
   * {@code Retiring} once no plan wants it), for the BGPStatus.
   */
  public List<BgpStatusWriter.Reported> reported() {
    return sessions().stream().map(p -> planned(p.address())
        .map(s -> new BgpStatusWriter.Reported(p, s.type().name(), s.peerName()))
        .orElseGet(() -> new BgpStatusWriter.Reported(p, "Retiring", ""))).toList();
  }

  /** Why this node has a session with {@code peer} (mesh, a node peering, a global one), as last planned. */
  Optional<Session> planned(java.net.InetAddress peer) {
    return speaker.planned(peer);
  }

  private void replan() {
    if (ready && planPending.compareAndSet(false, true)) {
      thread.execute(() -> {
        planPending.set(false);
        reconcileSessions();
      });
    }
  }

  private void reconcileSessions() {
    try {
      if (!nodes.containsKey(self.name())) {
        return;
      }
      SessionPlan plan = SessionPlanner.plan(new SessionPlanner.Inputs(self.name(), nodes.values(), bgpConfig, bgpPeers, config));
      Set<java.net.InetAddress> addresses = nodes.values().stream().map(n -> n.info().lanAddress()).collect(Collectors.toSet());
      if (speaker.apply(plan, addresses, restartedWithRoutes)) {
        thread.schedule(this::replan, 1, TimeUnit.SECONDS); // old sessions wait for their replacements
      }
    } catch (RuntimeException e) {
      log.warn("bgp sessions reconcile failed node={} error={}", self.name(), e.getMessage());
    }
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

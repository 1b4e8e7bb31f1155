package dev.podnet.agent.routing.bgp;

import dev.podnet.api.Resources;
import dev.podnet.api.bgp.BgpSession;
import dev.podnet.api.bgp.BgpSessions;
import dev.podnet.api.bgp.BgpStatus;
import dev.podnet.bgp.PeerStatus;
import dev.podnet.bgp.SessionState;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the node's sessions in the BGPStatus named after it: the routing backend's (mesh,
 * reflectors, Calico BGPPeers) and MetalLB's (one per MetalLB BGPPeer, type {@code MetalLB}), so
 * one table shows every session the node has. Looks every {@link #EVERY} but
 * writes only when a session appeared, went or changed state (at once), or when only prefix
 * counts moved (at most every {@link #COUNTS_EVERY}); uptime needs no writes, it follows from
 * {@code since}. No object is created while the node has no session at all (a cluster without
 * BGP gets none). The Node owns the object, so it goes with the Node; while the Node is not
 * registered nothing is written. A failed write is logged and tried again on the next look.
 */
public final class BgpStatusWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BgpStatusWriter.class);
  static final Duration EVERY = Duration.ofSeconds(2);
  static final Duration COUNTS_EVERY = Duration.ofSeconds(10);

  /** A session's state and since when, kept so {@code since} does not move with every look. */
  private record Since(SessionState state, Instant at) {}

  /**
   * One session as reported: its status, why it exists (Calico's types, {@code MetalLB}, or
   * {@code Retiring}) and the BGPPeer it was made for (empty for the node mesh).
   */
  public record Reported(PeerStatus status, String type, String peerName) {
    /** Two speakers may talk to the same address (a Calico global peer that is also MetalLB's router): keyed apart. */
    String key() {
      return type + "/" + peerName + "/" + status.address().getHostAddress();
    }

    /** MetalLB's BGP-mode sessions, by the name of the MetalLB BGPPeer each was made for. */
    public static List<Reported> metalLb(Map<String, List<PeerStatus>> byPeer) {
      return byPeer.entrySet().stream().flatMap(e -> e.getValue().stream().map(p -> new Reported(p, BgpSession.METALLB, e.getKey()))).toList();
    }
  }

  /** What is reported: the node and its sessions now, gathered from every speaker it runs. */
  record Source(String node, Supplier<List<Reported>> sessions) {}

  private final Store api;
  private final Source routing;
  private final Map<String, Since> since = new HashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bgp-status");
    t.setDaemon(true);
    return t;
  });
  private List<BgpSession> written;
  private long writtenAt;

  BgpStatusWriter(Store api, Source routing) {
    this.api = api;
    this.routing = routing;
  }

  /** Starts looking at {@code sources} (each a speaker's sessions) for node {@code node}; close it with the agent. */
  public static BgpStatusWriter start(Store api, String node, List<Supplier<List<Reported>>> sources) {
    BgpStatusWriter w = new BgpStatusWriter(api, new Source(node, () -> sources.stream().flatMap(s -> s.get().stream()).toList()));
    w.timer.scheduleWithFixedDelay(w::look, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return w;
  }

  /** One look: writes if the sessions changed enough (see the class comment); never throws. */
  void look() {
    try {
      List<BgpSession> now = sessions(routing.sessions().get(), Instant.now());
      boolean changed = written == null || !states(now).equals(states(written));
      boolean countsDue = written != null && !now.equals(written) && System.nanoTime() - writtenAt >= COUNTS_EVERY.toNanos();
      if (changed || countsDue) {
        write(now);
        written = now;
        writtenAt = System.nanoTime();
      }
    } catch (RuntimeException e) {
      log.warn("bgp status write failed node={} error={}", routing.node(), e.getMessage());
    }
  }

  private List<BgpSession> sessions(List<Reported> reported, Instant now) {
    List<BgpSession> out = new ArrayList<>();
    since.keySet().retainAll(reported.stream().map(Reported::key).toList());
    for (Reported r : reported) {
      PeerStatus p = r.status();
      Since s = since.compute(r.key(), (a, old) -> old != null && old.state() == p.state() ? old
          : new Since(p.state(), now.minus(p.uptime()).truncatedTo(ChronoUnit.SECONDS)));
      out.add(new BgpSession(p.address().getHostAddress(), p.asn(), r.type(), r.peerName(), state(p.state()), s.at().toString(),
          p.prefixesReceived(), p.prefixesSent(), p.lastError()));
    }
    return out;
  }

  /** Calico's (BIRD's) spelling: Idle, Connect, Active, OpenSent, OpenConfirm, Established. */
  static String state(SessionState s) {
    return switch (s) {
      case IDLE -> "Idle";
      case CONNECT -> "Connect";
      case ACTIVE -> "Active";
      case OPEN_SENT -> "OpenSent";
      case OPEN_CONFIRM -> "OpenConfirm";
      case ESTABLISHED -> BgpSession.ESTABLISHED;
    };
  }

  private static List<String> states(List<BgpSession> sessions) {
    return sessions.stream().map(s -> s.peerIP() + " " + s.type() + " " + s.peerName() + " " + s.state()).toList();
  }

  private void write(List<BgpSession> sessions) {
    String name = routing.node();
    BgpSessions status = BgpSessions.of(sessions);
    boolean exists = api.find(Resources.BGPSTATUSES, "", name).isPresent();
    if (!exists && sessions.isEmpty()) {
      return;
    }
    OwnerReference owner = ownerRef(api.<Node>find(Resources.NODES, "", name).orElseThrow(() -> StoreException.notFound(Resources.NODES, name)));
    if (!exists) {
      api.create(new BgpStatus(new ObjectMetaBuilder().withName(name).withOwnerReferences(owner).build(), status));
    } else {
      api.guaranteedUpdate(Resources.BGPSTATUSES, "", name, (BgpStatus s) -> {
        s.setStatus(status);
        s.getMetadata().setOwnerReferences(List.of(owner));
        return s;
      });
    }
    log.info("bgp status written node={} established={} notEstablished={}", name, status.numberEstablished(), status.numberNotEstablished());
  }

  /**
   * The Node owns its BGPStatus, as it owns its Lease: deleting the Node deletes both (the garbage
   * collector). Set on every write, so a Node registered again under the same name takes it over.
   */
  static OwnerReference ownerRef(Node node) {
    return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node").withName(node.getMetadata().getName())
        .withUid(node.getMetadata().getUid()).build();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

package dev.podnet.agent.routing.bgp;

import dev.podnet.api.Resources;
import dev.podnet.api.bgp.BgpSession;
import dev.podnet.api.bgp.BgpSessions;
import dev.podnet.api.bgp.BgpStatus;
import dev.podnet.bgp.PeerStatus;
import dev.podnet.bgp.SessionState;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the node's sessions in the BGPStatus named after it. Looks every {@link #EVERY} but
 * writes only when a session appeared, went or changed state (at once), or when only prefix
 * counts moved (at most every {@link #COUNTS_EVERY}); uptime needs no writes, it follows from
 * {@code since}. A failed write is logged and tried again on the next look.
 */
final class BgpStatusWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BgpStatusWriter.class);
  static final Duration EVERY = Duration.ofSeconds(2);
  static final Duration COUNTS_EVERY = Duration.ofSeconds(10);

  /** A session's state and since when, kept so {@code since} does not move with every look. */
  private record Since(SessionState state, Instant at) {}

  /** What is reported: the node, its sessions now, and why each exists (empty: being retired). */
  record Source(String node, Supplier<List<PeerStatus>> sessions, Function<InetAddress, Optional<Session>> planned) {}

  private final Store api;
  private final Source routing;
  private final Map<InetAddress, Since> since = new HashMap<>();
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

  static BgpStatusWriter start(Store api, BgpRouting routing) {
    BgpStatusWriter w = new BgpStatusWriter(api, new Source(routing.nodeName(), routing::sessions, routing::planned));
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

  private List<BgpSession> sessions(List<PeerStatus> peers, Instant now) {
    List<BgpSession> out = new ArrayList<>();
    since.keySet().retainAll(peers.stream().map(PeerStatus::address).toList());
    for (PeerStatus p : peers) {
      Since s = since.compute(p.address(), (a, old) -> old != null && old.state() == p.state() ? old
          : new Since(p.state(), now.minus(p.uptime()).truncatedTo(ChronoUnit.SECONDS)));
      String type = routing.planned().apply(p.address()).map(x -> x.type().name()).orElse("Retiring");
      out.add(new BgpSession(p.address().getHostAddress(), p.asn(), type, state(p.state()), s.at().toString(), p.prefixesReceived(),
          p.prefixesSent(), p.lastError()));
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
    return sessions.stream().map(s -> s.peerIP() + " " + s.type() + " " + s.state()).toList();
  }

  private void write(List<BgpSession> sessions) {
    String name = routing.node();
    BgpSessions status = BgpSessions.of(sessions);
    if (api.find(Resources.BGPSTATUSES, "", name).isEmpty()) {
      api.create(new BgpStatus(new ObjectMetaBuilder().withName(name).build(), status));
    } else {
      api.guaranteedUpdate(Resources.BGPSTATUSES, "", name, (BgpStatus s) -> {
        s.setStatus(status);
        return s;
      });
    }
    log.info("bgp status written node={} established={} notEstablished={}", name, status.numberEstablished(), status.numberNotEstablished());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

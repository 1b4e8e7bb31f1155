package dev.podnet.bgp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One neighbour's finite-state machine (RFC 4271 8) with its timers and collision detection
 * (6.8). Routes live in {@link AdjRibIn} and {@link AdjRibOut}. Runs only on the speaker's thread.
 */
final class Peer {
  /** RFC 4271 8 suggests a large hold time until the OPEN exchange settles the real one. */
  private static final int OPEN_HOLD = 240;

  /** Replaced in place only by a change that needs no new session (reflector client, export policy). */
  PeerConfig config;
  private final SpeakerCore core;
  final AdjRibIn in;
  final AdjRibOut out;
  private final List<Connection> connections = new ArrayList<>();
  private Connection established;
  private SessionState idle = SessionState.IDLE;
  private ScheduledFuture<?> connectRetry;
  private Instant since = Instant.now();
  private String lastError = "";
  private boolean stopped;
  final Set<Family> endOfRibReceived = EnumSet.noneOf(Family.class);

  Peer(PeerConfig config, SpeakerCore core) {
    this.config = config;
    this.core = core;
    this.in = new AdjRibIn(this, core);
    this.out = new AdjRibOut(this, core);
  }

  boolean external() {
    return config.asn() != core.config.asn();
  }

  Optional<Connection> established() {
    return Optional.ofNullable(established);
  }

  void start() {
    if (config.passive()) {
      idle = SessionState.ACTIVE;
    } else {
      dial();
    }
  }

  private void dial() {
    if (stopped || !connections.isEmpty()) {
      return;
    }
    idle = SessionState.CONNECT;
    core.dial(this).addListener(f -> {
      if (!f.isSuccess()) {
        lastError = "connect to " + config.address().getHostAddress() + ":" + config.port() + ": " + f.cause().getMessage();
        idle = SessionState.ACTIVE;
        scheduleRetry();
      }
    });
  }

  private void scheduleRetry() {
    if (!stopped && !config.passive() && (connectRetry == null || connectRetry.isDone())) {
      connectRetry = core.loop.schedule(this::dial, config.timers().connectRetry(), TimeUnit.SECONDS);
    }
  }

  void connected(Connection c) {
    if (stopped) {
      c.channel.close();
      return;
    }
    connections.add(c);
    c.send(core.open(config));
    c.state = SessionState.OPEN_SENT;
    c.hold = core.loop.schedule(() -> holdExpired(c), OPEN_HOLD, TimeUnit.SECONDS);
  }

  void received(Connection c, Message m) {
    if (m instanceof Message.Notification n) {
      c.notified = true;
      lastError = "received " + n;
      c.channel.close();
      return;
    }
    switch (c.state) {
      case OPEN_SENT -> {
        if (m instanceof Message.Open o) {
          OpenCheck.accept(this, core, c, o).ifPresent(n -> refuse(c, n));
        } else {
          refuse(c, Message.Notification.of(Message.Notification.FSM, 1));
        }
      }
      case OPEN_CONFIRM -> {
        if (m instanceof Message.Keepalive) {
          establish(c);
        } else {
          refuse(c, Message.Notification.of(Message.Notification.FSM, 2));
        }
      }
      case ESTABLISHED -> inEstablished(c, m);
      default -> refuse(c, Message.Notification.of(Message.Notification.FSM, 0));
    }
  }

  private void inEstablished(Connection c, Message m) {
    restartHold(c);
    if (m instanceof Message.Update u) {
      in.apply(u);
      if (!u.errors().isEmpty()) {
        lastError = String.join("; ", u.errors());
      }
      core.flush();
    } else if (m instanceof Message.RouteRefresh r) {
      Family.of(r.afi(), r.safi()).ifPresent(out::resend);
    } else if (m instanceof Message.Open) {
      refuse(c, Message.Notification.of(Message.Notification.FSM, 3));
    }
  }

  /** Called by {@link OpenCheck} once an OPEN is acceptable: answer with KEEPALIVE and wait for the peer's. */
  void openConfirmed(Connection c, Negotiated n) {
    c.negotiated = n;
    c.codec.options(n.wire());
    c.send(Message.Keepalive.INSTANCE);
    c.state = SessionState.OPEN_CONFIRM;
    restartHold(c);
    if (n.keepaliveInterval() > 0) {
      c.keepalive = core.loop.scheduleAtFixedRate(() -> c.send(Message.Keepalive.INSTANCE),
          n.keepaliveInterval(), n.keepaliveInterval(), TimeUnit.SECONDS);
    }
  }

  private void establish(Connection c) {
    c.state = SessionState.ESTABLISHED;
    established = c;
    for (Connection other : List.copyOf(connections)) {
      if (other != c) {
        other.notifyAndClose(Message.Notification.of(Message.Notification.CEASE, 7));
      }
    }
    since = Instant.now();
    lastError = "";
    endOfRibReceived.clear();
    in.sessionUp(c.negotiated);
    out.sessionUp(c);
    core.flush();
    core.checkConverged();
  }

  private void restartHold(Connection c) {
    if (c.hold != null) {
      c.hold.cancel(false);
    }
    int hold = c.negotiated == null ? OPEN_HOLD : c.negotiated.holdTime();
    if (hold > 0) {
      c.hold = core.loop.schedule(() -> holdExpired(c), hold, TimeUnit.SECONDS);
    }
  }

  private void holdExpired(Connection c) {
    lastError = "hold timer expired";
    c.notifyAndClose(Message.Notification.of(Message.Notification.HOLD_TIMER, 0));
  }

  void refuse(Connection c, Message.Notification n) {
    lastError = "sent " + n;
    c.notifyAndClose(n);
  }

  void protocolError(Connection c, BgpException e) {
    lastError = e.getMessage();
    c.notifyAndClose(e.notification());
  }

  void transportError(Connection c, Throwable cause) {
    lastError = "connection " + c + ": " + cause.getMessage();
  }

  void closed(Connection c) {
    c.cancelTimers();
    connections.remove(c);
    if (c == established) {
      established = null;
      since = Instant.now();
      out.sessionDown();
      // RFC 4724: a connection that just drops (no NOTIFICATION) is a restart the helper rides out
      in.sessionDown(!c.notified && !stopped);
      core.flush();
    }
    if (connections.isEmpty()) {
      idle = config.passive() ? SessionState.ACTIVE : SessionState.IDLE;
      scheduleRetry();
    }
  }

  /**
   * Ends the established session {@code old} because the peer came back on a new connection: its
   * routes turn stale now, not when the old socket's close is noticed, so the new session's
   * End-of-RIB cannot race ahead of the stale marks.
   */
  void supersede(Connection old) {
    lastError = "peer reconnected while its session was up: treated as a restart";
    old.cancelTimers();
    connections.remove(old);
    established = null;
    out.sessionDown();
    in.sessionDown(true);
    old.channel.close();
    core.flush();
  }

  /** Collision detection (RFC 4271 6.8) between {@code c}, whose OPEN just came, and the others. */
  Optional<Connection> collidingWith(Connection c) {
    return connections.stream().filter(o -> o != c && (o.state == SessionState.OPEN_CONFIRM || o.state == SessionState.ESTABLISHED)).findFirst();
  }

  void stop(boolean notify) {
    stopped = true;
    if (connectRetry != null) {
      connectRetry.cancel(false);
    }
    for (Connection c : List.copyOf(connections)) {
      if (notify) {
        c.notifyAndClose(Message.Notification.of(Message.Notification.CEASE, 3));
      } else {
        c.channel.close();
      }
    }
    in.clear();
  }

  void refresh() {
    if (established != null) {
      established.negotiated.families().forEach(f -> established.send(new Message.RouteRefresh(f.afi(), f.safi())));
    }
  }

  SessionState state() {
    if (established != null) {
      return SessionState.ESTABLISHED;
    }
    return connections.stream().map(c -> c.state).max(Enum::compareTo).orElse(idle);
  }

  PeerStatus status() {
    Duration up = established != null ? Duration.between(since, Instant.now()) : Duration.ZERO;
    return new PeerStatus(config.address(), config.asn(), state(), up, in.size(), out.size(), lastError);
  }
}

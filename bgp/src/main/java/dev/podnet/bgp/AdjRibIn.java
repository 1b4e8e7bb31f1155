package dev.podnet.bgp;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What one peer sent, after import (eBGP loop check, LOCAL_PREF dropped from eBGP, RFC 7606
 * 7.5), and the graceful-restart helper's stale marks (RFC 4724 4.2): when a session drops
 * without a NOTIFICATION its paths stay, marked stale, until the peer's End-of-RIB or its
 * restart time.
 */
final class AdjRibIn {
  private final Peer peer;
  private final SpeakerCore core;
  private final Map<Prefix, Path> paths = new HashMap<>();
  private final Set<Prefix> stale = new HashSet<>();
  private Negotiated session;
  private ScheduledFuture<?> staleTimer;

  AdjRibIn(Peer peer, SpeakerCore core) {
    this.peer = peer;
    this.core = core;
  }

  void apply(Message.Update u) {
    if (u.endOfRib().isPresent()) {
      Family f = u.endOfRib().get();
      purgeStale(f);
      peer.endOfRibReceived.add(f);
      core.checkConverged();
      return;
    }
    u.withdrawn().forEach(this::remove);
    if (u.attributes().isEmpty()) {
      return;
    }
    PathAttributes a = u.attributes().get();
    boolean loop = peer.external() ? a.asPath().contains(core.config.asn()) : Reflection.loops(a, core.config.routerId(), core.clusterId);
    if (loop) {
      u.announced().forEach(this::remove); // our AS in the path, or our reflection come back (RFC 4271 9.1.2, 4456 8)
      return;
    }
    PathAttributes imported = peer.external() ? a.withLocalPref(java.util.OptionalLong.empty()) : a;
    PathSource source = new PathSource(Optional.of(peer.config.address()), session.remoteId(), peer.config.asn(), peer.external());
    for (Prefix p : u.announced()) {
      java.net.InetAddress nh = u.nextHops().get(p.family());
      if (nh == null || !session.families().contains(p.family())) {
        remove(p);
        continue;
      }
      Path path = new Path(p, nh, imported, source);
      paths.put(p, path);
      stale.remove(p);
      core.ribPut(path);
    }
  }

  private void remove(Prefix p) {
    if (paths.remove(p) != null) {
      stale.remove(p);
      core.ribRemove(p, Optional.of(peer.config.address()));
    }
  }

  void sessionUp(Negotiated n) {
    session = n;
    for (Family f : Family.values()) {
      if (!n.peerKeptForwarding(f) || !n.families().contains(f)) {
        purgeStale(f);
      }
    }
    if (!stale.isEmpty()) {
      restartStaleTimer(n.peerRestart().map(Capability.GracefulRestart::time).orElse(0));
    }
  }

  void sessionDown(boolean peerMayBeRestarting) {
    int time = session == null ? 0 : session.peerRestart().map(Capability.GracefulRestart::time).orElse(0);
    if (peerMayBeRestarting && time > 0) {
      stale.addAll(paths.keySet());
      restartStaleTimer(time);
    } else {
      clear();
    }
  }

  private void restartStaleTimer(int seconds) {
    if (staleTimer != null) {
      staleTimer.cancel(false);
    }
    staleTimer = core.loop.schedule(() -> {
      List.copyOf(stale).forEach(this::remove);
      core.flush();
    }, seconds, TimeUnit.SECONDS);
  }

  private void purgeStale(Family f) {
    List.copyOf(stale).stream().filter(p -> p.family() == f).forEach(this::remove);
  }

  void clear() {
    List.copyOf(paths.keySet()).forEach(this::remove);
    stale.clear();
    if (staleTimer != null) {
      staleTimer.cancel(false);
    }
  }

  int size() {
    return paths.size();
  }

  int staleCount() {
    return stale.size();
  }
}

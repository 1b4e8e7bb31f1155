package dev.podnet.agent.routing.bgp;

import dev.podnet.bgp.BgpSpeaker;
import dev.podnet.bgp.PeerConfig;
import dev.podnet.bgp.PeerStatus;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's speaker made to match a {@link SessionPlan}. Started on the first plan and started
 * again, as a graceful restart, when the AS or port changes. New peers are added at once; a peer
 * the plan no longer wants but that is still a node (the mesh switched to reflectors) is retired
 * make-before-break: only once every prefix it sent is also known from another session, and then
 * without a NOTIFICATION, so the peer (a graceful-restart helper) keeps this node's routes until
 * it retires the session too. A peer whose node is gone goes at once, with a Cease, so its routes
 * go everywhere. Runs on one thread (the routing thread).
 */
final class SpeakerSessions {
  private static final Logger log = LoggerFactory.getLogger(SpeakerSessions.class);
  /** Old sessions go after this even if their routes never come from elsewhere (a reflector that is down). */
  static final Duration RETIRE_AFTER = Duration.ofSeconds(60);

  /** Starts a speaker for a plan; {@code restarting}: this node's forwarding state survived (RFC 4724). */
  interface Starter {
    BgpSpeaker start(SessionPlan plan, boolean restarting);
  }

  private final Starter starter;
  private final BgpRoutingConfig config;
  private volatile BgpSpeaker speaker;
  private volatile SessionPlan running;
  private final Map<InetAddress, Session> applied = new HashMap<>();
  private final Map<InetAddress, Long> retiring = new HashMap<>();

  SpeakerSessions(Starter starter, BgpRoutingConfig config) {
    this.starter = starter;
    this.config = config;
  }

  /**
   * Makes the speaker match {@code plan}; {@code nodes} are the addresses of nodes that still
   * exist. Returns true while old peers wait to be retired: call again soon.
   */
  boolean apply(SessionPlan plan, Set<InetAddress> nodes, boolean restarting) {
    if (speaker == null || running.asn() != plan.asn() || running.port() != plan.port()) {
      if (speaker != null) {
        log.info("bgp speaker restarting asn={} port={} (was {} {})", plan.asn(), plan.port(), running.asn(), running.port());
        speaker.closeForRestart();
      }
      speaker = starter.start(plan, restarting || speaker != null);
      applied.clear();
      retiring.clear();
    }
    running = plan;
    speaker.clusterId(plan.clusterId());
    plan.sessions().forEach((ip, s) -> {
      retiring.remove(ip);
      if (!s.equals(applied.get(ip))) {
        speaker.addPeer(PeerConfig.of(ip, s.asn()).port(plan.port()).timers(config.holdTime(), 1).reflectorClient(s.reflectorClient()));
        applied.put(ip, s);
      }
    });
    long now = System.nanoTime();
    for (InetAddress ip : Set.copyOf(applied.keySet())) {
      if (!plan.sessions().containsKey(ip)) {
        if (!nodes.contains(ip)) {
          remove(ip, "its node is gone");
        } else {
          retiring.putIfAbsent(ip, now + RETIRE_AFTER.toNanos());
        }
      }
    }
    return retireWhatIsSafe(now);
  }

  private boolean retireWhatIsSafe(long now) {
    if (retiring.isEmpty()) {
      return false;
    }
    for (Map.Entry<InetAddress, Long> e : Map.copyOf(retiring).entrySet()) {
      InetAddress ip = e.getKey();
      if (speaker.othersCover(ip)) {
        speaker.retirePeer(ip);
        forget(ip, "its routes come over other sessions now");
      } else if (now - e.getValue() > 0) {
        remove(ip, "its routes did not come over other sessions in " + RETIRE_AFTER.toSeconds() + " s");
      }
    }
    return !retiring.isEmpty();
  }

  private void remove(InetAddress ip, String why) {
    speaker.removePeer(ip);
    forget(ip, why);
  }

  private void forget(InetAddress ip, String why) {
    applied.remove(ip);
    retiring.remove(ip);
    log.info("bgp peer removed peer={} reason=\"{}\"", ip.getHostAddress(), why);
  }

  /** The sessions with their planned types, for status; empty before the speaker starts. */
  List<PeerStatus> peers() {
    BgpSpeaker s = speaker;
    return s == null ? List.of() : s.peers();
  }

  Optional<Session> planned(InetAddress ip) {
    SessionPlan p = running;
    return p == null ? Optional.empty() : Optional.ofNullable(p.sessions().get(ip));
  }

  /** As a restart: no NOTIFICATION, peers keep this node's routes. */
  void closeForRestart() {
    if (speaker != null) {
      speaker.closeForRestart();
    }
  }
}

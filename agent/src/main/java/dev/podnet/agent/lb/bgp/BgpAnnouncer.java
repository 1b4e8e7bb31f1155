package dev.podnet.agent.lb.bgp;

import dev.podnet.agent.lb.Announcer;
import dev.podnet.api.EventRecorder;
import dev.podnet.api.metallb.BgpPeer;
import dev.podnet.bgp.BgpSpeaker;
import dev.podnet.bgp.PathAttributes;
import dev.podnet.bgp.PeerStatus;
import dev.podnet.bgp.Prefix;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.NetnsExecutor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MetalLB's BGP mode on one node: for each BGPPeer that selects the node, a session from the node
 * announcing what {@link BgpLbPlan} gives that peer, with the node as next hop. The node's proxy
 * already accepts traffic to LoadBalancer IPs, so a router that learns the IP from several nodes
 * spreads flows over them (ECMP). Handlers only record; one thread syncs, coalescing bursts.
 *
 * <p>One speaker per peer, not the node's routing speaker: this works with every routing backend
 * (vxlan, host-gw, bgp), each peer's prefixes carry that peer's attributes (communities, local
 * preference) without per-peer export rules, and a peer's change restarts only its own session.
 * The speakers only dial out, so they never compete for port 179 with the bgp routing backend.
 */
public final class BgpAnnouncer implements Announcer {
  private static final Logger log = LoggerFactory.getLogger(BgpAnnouncer.class);
  /** How long the router keeps this node's paths when the agent restarts (kill -9): the kernel keeps forwarding meanwhile. */
  static final int RESTART_TIME = 30;

  private final String node;
  private final Inet4Address nodeIp;
  private final EventRecorder events;
  private final BgpLbState state = new BgpLbState();
  private final Semaphore dirty = new Semaphore(0);
  private final Thread worker;
  private final NetnsExecutor sockets;
  private final Map<String, PeerSession> sessions = new HashMap<>();
  private final Set<String> warned = new HashSet<>();
  private volatile boolean synced;
  private volatile boolean closed;

  /** Where it runs: its node's name, namespace (where sessions' sockets are opened) and LAN address, and its Events. */
  public record Wiring(String node, Netns netns, Inet4Address lanAddress, EventRecorder events) {}

  public BgpAnnouncer(Wiring w) {
    this.node = w.node();
    this.nodeIp = w.lanAddress();
    this.events = w.events();
    this.sockets = new NetnsExecutor(w.netns(), 1);
    this.worker = new Thread(this::run, "lb-bgp-" + node);
    worker.setDaemon(true);
  }

  @Override
  public void onUpdated(HasMetadata object) {
    if (state.update(object)) {
      dirty.release();
    }
  }

  @Override
  public void onDeleted(HasMetadata object) {
    if (state.delete(object)) {
      dirty.release();
    }
  }

  @Override
  public void markSynced() {
    synced = true;
    dirty.release();
  }

  @Override
  public void start() {
    worker.start();
  }

  private void run() {
    while (!closed) {
      try {
        dirty.acquire();
        dirty.drainPermits(); // everything recorded so far is in the next snapshot
        if (synced) {
          sync();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("node={} bgp announcer sync failed, retrying: {}", node, e.getMessage());
        sleepQuietly(500);
        dirty.release();
      }
    }
  }

  /** Makes every session and its announced prefixes match the plan: new sessions, changed prefixes, then sessions no peer wants. */
  synchronized void sync() {
    BgpLbInputs in = state.snapshot();
    warnUnsupported(in.peers());
    Map<String, BgpLbPlan.PeerPlan> plan = BgpLbPlan.plan(node, nodeIp, in);
    int announced = 0;
    List<String> changed = new ArrayList<>();
    for (BgpLbPlan.PeerPlan p : plan.values()) {
      PeerSession s = sessions.get(p.target().name());
      if (s != null && !s.target().equals(p.target())) {
        s.close();
        s = null;
      }
      if (s == null) {
        s = PeerSession.open(p.target(), nodeIp, executor());
        sessions.put(p.target().name(), s);
        changed.add(p.target().name());
      }
      if (s.announce(p.prefixes())) {
        changed.add(p.target().name());
      }
      announced += p.prefixes().size();
    }
    for (String gone : new ArrayList<>(sessions.keySet())) {
      if (!plan.containsKey(gone)) {
        sessions.remove(gone).close();
        changed.add(gone);
      }
    }
    if (!changed.isEmpty()) {
      log.info("node={} bgp announced peers={} prefixes={} changed={}", node, plan.size(), announced, changed);
    }
  }

  private Executor executor() {
    return r -> sockets.submit(() -> {
      r.run();
      return null;
    });
  }

  /** MetalLB fields podnet's speaker cannot honour, said once per peer, in the log and as an Event on the BGPPeer. */
  private void warnUnsupported(List<BgpPeer> peers) {
    for (BgpPeer p : peers) {
      var s = p.getSpec();
      List<String> ignored = new ArrayList<>();
      s.passwordSet().ifPresent(x -> ignored.add("password (no TCP-MD5: the session opens without it, so the router must not require one)"));
      if (s.bfdProfile() != null && !s.bfdProfile().isEmpty()) {
        ignored.add("bfdProfile (no BFD: failures are noticed by the hold time)");
      }
      if (s.sourceAddress() != null && !s.sourceAddress().isEmpty()) {
        ignored.add("sourceAddress (sessions leave from the node's address)");
      }
      String key = p.getMetadata().getResourceVersion() + "/" + p.name();
      if (!ignored.isEmpty() && warned.add(key)) {
        log.warn("node={} bgppeer={} ignored: {}", node, p.name(), String.join("; ", ignored));
        events.warning(p, "Unsupported", "ignored: " + String.join("; ", ignored));
      }
    }
  }

  /** Each session's state, for tests. */
  public synchronized List<PeerStatus> sessions() {
    return sessions.values().stream().flatMap(s -> s.speaker().peers().stream()).toList();
  }

  /** Each session's state by the name of the MetalLB BGPPeer it was made for, for the node's BGPStatus. */
  public synchronized Map<String, List<PeerStatus>> sessionsByPeer() {
    Map<String, List<PeerStatus>> out = new java.util.TreeMap<>();
    sessions.forEach((name, s) -> out.put(name, s.speaker().peers()));
    return out;
  }

  private static void sleepQuietly(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ends every session with a Cease: the router withdraws this node's paths at once rather than after the hold time. */
  @Override
  public synchronized void close() {
    closed = true;
    worker.interrupt();
    sessions.values().forEach(PeerSession::close);
    sessions.clear();
    sockets.close();
  }

  /** One peer's speaker and what it originates now. */
  private record PeerSession(PeerTarget target, BgpSpeaker speaker, Inet4Address nextHop, Map<Prefix, PathAttributes> originated) {

    static PeerSession open(PeerTarget t, Inet4Address nextHop, Executor sockets) {
      var config = dev.podnet.bgp.SpeakerConfig.of(t.routerId(), t.myAsn()).socketsIn(sockets).restart(RESTART_TIME, false);
      BgpSpeaker speaker = BgpSpeaker.start(config, (prefix, best) -> { }); // learns nothing it uses: LOCAL_ONLY out, nothing installed
      speaker.addPeer(dev.podnet.bgp.PeerConfig.of(t.address(), t.peerAsn()).port(t.port()).timers(t.holdTime(), t.connectRetry())
          .export(dev.podnet.bgp.ExportPolicy.LOCAL_ONLY));
      return new PeerSession(t, speaker, nextHop, new HashMap<>());
    }

    /** Originates what is new or changed, withdraws what is gone; true when anything was sent. */
    boolean announce(Map<Prefix, PathAttributes> want) {
      boolean changed = false;
      for (var e : want.entrySet()) {
        if (!e.getValue().equals(originated.get(e.getKey()))) {
          speaker.originate(e.getKey(), nextHop, e.getValue());
          originated.put(e.getKey(), e.getValue());
          changed = true;
        }
      }
      for (Prefix p : new ArrayList<>(originated.keySet())) {
        if (!want.containsKey(p)) {
          speaker.withdraw(p);
          originated.remove(p);
          changed = true;
        }
      }
      return changed;
    }

    void close() {
      speaker.close();
    }
  }
}

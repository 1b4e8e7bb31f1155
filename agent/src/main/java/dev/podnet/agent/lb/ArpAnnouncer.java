package dev.podnet.agent.lb;

import dev.podnet.api.EventRecorder;
import dev.podnet.kernel.Arp;
import dev.podnet.kernel.Ip;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.Ndp;
import dev.podnet.kernel.NeighborResponder;
import dev.podnet.kernel.Netns;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MetalLB's layer-2 mode on one node: for the IPs {@link L2Election} gives this node, the agent
 * answers ARP (IPv4) and NDP (IPv6) on the node's LAN link itself (two {@link NeighborResponder}s,
 * as MetalLB's speaker), so the claim dies with the agent's process and no other node answers;
 * each IP it takes over is announced by gratuitous ARP or an unsolicited Neighbor Advertisement
 * so clients move at once. The IPs are not the node's addresses: the proxy DNATs them in
 * prerouting, before the kernel would ask. Handlers only record; one thread syncs, coalescing
 * bursts, on every change of the objects or of a peer's liveness.
 */
public final class ArpAnnouncer implements Announcer {
  private static final Logger log = LoggerFactory.getLogger(ArpAnnouncer.class);
  /** A second announcement this long after a takeover, for a client that missed the first. */
  private static final long GARP_REPEAT_MS = 1000;

  private final Kernel kernel;
  private final Netns netns;
  private final String node;
  private final EventRecorder events;
  private final L2State state = new L2State();
  private final Liveness liveness;
  /** ARP's and NDP's: each answers only its own family, so both are given every IP. */
  private final List<NeighborResponder> responders;
  private final Semaphore dirty = new Semaphore(0);
  private final ScheduledExecutorService repeats;
  private final Thread worker;
  private final Map<String, String> lastOwners = new HashMap<>();
  private Set<String> lastAlive = Set.of();
  private boolean legacyCleared;
  private volatile Set<String> held = Set.of();
  private volatile boolean synced;
  private volatile boolean closed;

  /**
   * Where it runs and what it uses: the kernel (only to clear an older version's claims), ARP and
   * NDP on {@code lanDev} in the node's namespace, the node's LAN address (peer probes), its Events.
   */
  public record Wiring(Kernel kernel, Arp arp, Ndp ndp, Netns netns, String lanDev, InetAddress lanAddress, EventRecorder events) {}

  public ArpAnnouncer(String node, Wiring w) {
    this(node, w, onChange -> new PeerLiveness(w.netns(), node, w.lanAddress(), PeerLiveness.Timing.DEFAULT, onChange));
  }

  /** {@code liveness}: made with the callback that schedules a sync. */
  ArpAnnouncer(String node, Wiring w, Function<Runnable, Liveness> liveness) {
    this.kernel = w.kernel();
    this.netns = w.netns();
    this.node = node;
    this.events = w.events();
    this.liveness = liveness.apply(dirty::release);
    NeighborResponder arp = w.arp().open(w.netns(), w.lanDev());
    try {
      this.responders = List.of(arp, w.ndp().open(w.netns(), w.lanDev()));
    } catch (RuntimeException e) {
      arp.close();
      throw e;
    }
    this.repeats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "lb-garp-" + node));
    this.worker = daemon(this::run, "lb-announcer-" + node);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
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
    liveness.start(this::peerAddresses);
    worker.start();
  }

  private Map<String, InetAddress> peerAddresses() {
    Map<String, InetAddress> out = new HashMap<>();
    for (Node n : state.snapshot().nodes()) {
      Optional.ofNullable(n.getStatus()).map(s -> s.getAddresses()).orElse(List.of()).stream()
          .filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst()
          .ifPresent(ip -> out.put(n.getMetadata().getName(), Ip.parse(ip)));
    }
    return out;
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
        log.warn("node={} announcer sync failed, retrying: {}", node, e.getMessage());
        sleepQuietly(200);
        dirty.release();
      }
    }
  }

  /** Makes the answered IPs match the election, and announces the ones taken over. */
  void sync() {
    L2Inputs in = state.snapshot();
    if (!legacyCleared) {
      clearLegacyClaims(in);
    }
    Map<String, String> owners = L2Election.owners(in, liveness::isAlive);
    Set<String> want = new TreeSet<>();
    owners.forEach((ip, owner) -> {
      if (owner.equals(node)) {
        want.add(ip);
      }
    });
    List<String> added = want.stream().filter(ip -> !held.contains(ip)).toList();
    long removed = held.stream().filter(ip -> !want.contains(ip)).count();
    // before the announcements: a client that moves here at once must get answers
    Set<InetAddress> answered = want.stream().map(Ip::parse).collect(Collectors.toSet());
    responders.forEach(r -> r.answer(answered));
    held = Set.copyOf(want);
    if (!added.isEmpty() || removed > 0) {
      log.info("node={} netns={} announced added={} removed={} total={}", node, netns, added, removed, want.size());
    }
    // A peer that came back (or went) may have held these IPs while this node was cut off from it:
    // clients may still point at it, so every IP held is announced again, not only new ones.
    Set<String> alive = new TreeSet<>(in.nodes().stream().map(n -> n.getMetadata().getName()).filter(liveness::isAlive).toList());
    List<String> announce = alive.equals(lastAlive) ? added : List.copyOf(want);
    lastAlive = alive;
    announce.forEach(this::announce);
    if (!announce.isEmpty()) {
      repeats.schedule(() -> announce.forEach(this::announce), GARP_REPEAT_MS, TimeUnit.MILLISECONDS);
    }
    report(in, owners);
  }

  /** Once per process, after the first full listing: pools and Services say which lo addresses were claims. */
  private void clearLegacyClaims(L2Inputs in) {
    List<IpCommand> deletes = LegacyClaims.planRemoval(kernel.addresses(netns), in);
    if (!deletes.isEmpty()) {
      kernel.apply(netns, deletes);
      log.info("node={} netns={} removed claims of an older announcer from {}: {}", node, netns, LegacyClaims.DEV, deletes.size());
    }
    legacyCleared = true;
  }

  /** Only while the IP is still held: a late announcement would pull clients to a node that gave it up. */
  private void announce(String ip) {
    if (!held.contains(ip) || closed) {
      return;
    }
    InetAddress address = Ip.parse(ip);
    for (NeighborResponder r : responders) {
      try {
        r.announce(address);
      } catch (RuntimeException e) {
        log.warn("node={} announcing {} (gratuitous ARP or unsolicited NA) failed: {}", node, ip, e.getMessage());
      }
    }
  }

  /** MetalLB's speaker event on a Service this node starts announcing for: describe svc names the node. */
  private void report(L2Inputs in, Map<String, String> owners) {
    for (Service svc : in.services()) {
      for (InetAddress ip : L2Election.ingress(svc)) {
        String text = Ip.text(ip);
        String owner = owners.get(text);
        String key = svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName() + " " + text;
        if (node.equals(owner) && !node.equals(lastOwners.get(key))) {
          events.normal(svc, "nodeAssigned", "announcing from node \"" + node + "\" with protocol \"layer2\"");
        }
        if (owner == null) {
          lastOwners.remove(key);
        } else {
          lastOwners.put(key, owner);
        }
      }
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    liveness.close();
    repeats.shutdownNow();
    responders.forEach(NeighborResponder::close);
  }
}

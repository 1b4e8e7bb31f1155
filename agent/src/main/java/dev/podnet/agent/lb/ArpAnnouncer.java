package dev.podnet.agent.lb;

import dev.podnet.api.EventRecorder;
import dev.podnet.kernel.Address;
import dev.podnet.kernel.Arp;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Ip;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.Netns;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MetalLB's layer-2 mode on one node: the IPs {@link L2Election} gives this node are host
 * addresses on {@code lo} in the node's namespace, so the node's kernel answers ARP for them on
 * the LAN and no other node does; each IP it takes over is announced by gratuitous ARP so
 * clients move at once. Handlers only record; one thread syncs, coalescing bursts, on every
 * change of the objects or of a peer's liveness.
 */
public final class ArpAnnouncer implements Announcer {
  private static final Logger log = LoggerFactory.getLogger(ArpAnnouncer.class);
  /** Gratuitous ARPs per takeover: one at once, one a second later for a client that missed it. */
  private static final int GARP_ROUNDS = 2;

  private final Kernel kernel;
  private final Arp arp;
  private final Netns netns;
  private final String node;
  private final EventRecorder events;
  private final L2State state = new L2State();
  private final Liveness liveness;
  private final Semaphore dirty = new Semaphore(0);
  private final ExecutorService garp;
  private final Thread worker;
  private final Map<String, String> lastOwners = new HashMap<>();
  private Set<String> lastAlive = Set.of();
  private volatile Set<String> held = Set.of();
  private volatile boolean synced;
  private volatile boolean closed;

  /** Where it runs and what it uses: the node's namespace and LAN address, the kernel, ARP, and its Events. */
  public record Wiring(Kernel kernel, Arp arp, Netns netns, InetAddress lanAddress, EventRecorder events) {}

  public ArpAnnouncer(String node, Wiring w) {
    this(node, w, onChange -> new PeerLiveness(w.netns(), node, w.lanAddress(), PeerLiveness.Timing.DEFAULT, onChange));
  }

  /** {@code liveness}: made with the callback that schedules a sync. */
  ArpAnnouncer(String node, Wiring w, Function<Runnable, Liveness> liveness) {
    this.kernel = w.kernel();
    this.arp = w.arp();
    this.netns = w.netns();
    this.node = node;
    this.events = w.events();
    this.liveness = liveness.apply(dirty::release);
    // one sender per IP at once: a takeover of many IPs must not queue the last behind the first
    this.garp = Executors.newCachedThreadPool(r -> daemon(r, "lb-garp-" + node));
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

  /** Makes this node's announced addresses match the election: adds first (a takeover is urgent), then removes. */
  void sync() {
    L2Inputs in = state.snapshot();
    Map<String, String> owners = L2Election.owners(in, liveness::isAlive);
    Set<String> want = new LinkedHashSet<>();
    owners.forEach((ip, owner) -> {
      if (owner.equals(node)) {
        want.add(ip);
      }
    });
    Set<String> have = announced();
    List<IpCommand> batch = new ArrayList<>();
    List<String> added = new ArrayList<>();
    for (String ip : want) {
      if (!have.contains(ip)) {
        batch.add(new IpCommand.AddressReplace(LbNames.ADDRESS_DEV, Cidr.host(Ip.parse(ip))));
        added.add(ip);
      }
    }
    for (String ip : have) {
      if (!want.contains(ip)) {
        batch.add(new IpCommand.AddressDelete(LbNames.ADDRESS_DEV, Cidr.host(Ip.parse(ip))));
      }
    }
    if (!batch.isEmpty()) {
      kernel.apply(netns, batch);
      log.info("node={} netns={} announced added={} removed={} total={}", node, netns, added, batch.size() - added.size(), want.size());
    }
    // A peer that came back (or went) may have held these IPs while this node was cut off from it:
    // clients may still point at it, so every IP held is announced again, not only new ones.
    held = Set.copyOf(want);
    Set<String> alive = new TreeSet<>(in.nodes().stream().map(n -> n.getMetadata().getName()).filter(liveness::isAlive).toList());
    List<String> announce = alive.equals(lastAlive) ? added : List.copyOf(want);
    lastAlive = alive;
    announce.forEach(ip -> garp.execute(() -> gratuitous(ip)));
    report(in, owners);
  }

  /** Host addresses on lo other than loopback: only the announcer puts any there. */
  private Set<String> announced() {
    Set<String> out = new LinkedHashSet<>();
    for (Address a : kernel.addresses(netns)) {
      Cidr c = a.address();
      if (a.dev().equals(LbNames.ADDRESS_DEV) && c.prefix() == c.bits() && !c.address().isLoopbackAddress()) {
        out.add(c.address().getHostAddress());
      }
    }
    return out;
  }

  /** Only while the IP is still held: a late announcement would pull clients to a node that gave it up. */
  private void gratuitous(String ip) {
    for (int round = 0; round < GARP_ROUNDS && held.contains(ip) && !closed; round++) {
      if (round > 0) {
        sleepQuietly(1000);
      }
      try {
        arp.announce(netns, LbNames.LAN_DEV, Ip.parse(ip), 1);
      } catch (RuntimeException e) {
        log.warn("node={} gratuitous ARP for {} failed: {}", node, ip, e.getMessage());
      }
    }
  }

  /** MetalLB's speaker event on a Service this node starts announcing for: describe svc names the node. */
  private void report(L2Inputs in, Map<String, String> owners) {
    for (Service svc : in.services()) {
      for (InetAddress ip : L2Election.ingress(svc)) {
        String text = ip.getHostAddress();
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
    garp.shutdownNow();
  }
}

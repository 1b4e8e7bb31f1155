package dev.podnet.agent.proxy;

import dev.podnet.agent.proxy.RenderedService.HealthCheck;
import dev.podnet.agent.proxy.RenderedService.Rules;
import dev.podnet.kernel.Conntrack;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Nft;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import dev.podnet.agent.metrics.AgentMetrics;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's service proxy. Event methods only record into the {@link ChangeTracker} and wake
 * the sync thread; the thread turns what changed into one nft transaction (at most one per
 * {@code minSyncInterval}), and every {@code syncPeriod} checks the table still is what it
 * wrote, rewriting everything only when it is not.
 */
public final class ServiceProxy implements ServiceDatapath {
  private static final Logger log = LoggerFactory.getLogger(ServiceProxy.class);

  private final Nft nft;
  private final Netns netns;
  private final ProxyConfig config;
  private final ChangeTracker tracker = new ChangeTracker();
  private final UdpConntrackCleaner conntrack;
  private final HealthCheckServers health;
  private final SyncLoop loop;
  /** What the kernel has, per Service: the in-memory truth incremental syncs diff against. */
  private final Map<String, RenderedService> applied = new HashMap<>();
  private boolean needFull = true;
  /** Fingerprint of the table as last seen; empty after a write, until the next check records it. */
  private Optional<String> fingerprint = Optional.empty();
  private int transactions;
  private int linesThisSync;
  /** Fingerprint of {@link #applied}, as the table's {@link ProxyNames#STATE} element carries it. */
  private final Fingerprint state;
  /** Users of each shared element and pick chain in {@link #applied}. */
  private final SharedObjects shared = new SharedObjects();
  /** The health checks of {@link #applied}, per Service: a sync re-reads only the Services it changed. */
  private final Map<String, HealthCheck> healthChecks = new HashMap<>();

  public ServiceProxy(Nft nft, Conntrack conntrack, Netns netns, ProxyConfig config) {
    this.nft = nft;
    this.netns = netns;
    this.config = config;
    this.state = new Fingerprint(config);
    this.conntrack = new UdpConntrackCleaner(conntrack, netns);
    this.health = new HealthCheckServers(netns);
    this.loop = new SyncLoop("proxy-" + config.nodeName(), config, this::syncOnce);
  }

  /** Starts the sync thread. Until both lists are marked synced it writes nothing. */
  @Override
  public ServiceProxy start() {
    loop.start();
    return this;
  }

  public void onServiceAdded(Service svc) {
    tracker.service(svc, false);
    loop.trigger();
  }

  public void onServiceUpdated(Service svc) {
    tracker.service(svc, false);
    loop.trigger();
  }

  public void onServiceDeleted(Service svc) {
    tracker.service(svc, true);
    loop.trigger();
  }

  public void onSliceAdded(EndpointSlice slice) {
    tracker.slice(slice, false);
    loop.trigger();
  }

  public void onSliceUpdated(EndpointSlice slice) {
    tracker.slice(slice, false);
    loop.trigger();
  }

  public void onSliceDeleted(EndpointSlice slice) {
    tracker.slice(slice, true);
    loop.trigger();
  }

  public void markServicesSynced() {
    tracker.markServicesSynced();
    loop.trigger();
  }

  public void markSlicesSynced() {
    tracker.markSlicesSynced();
    loop.trigger();
  }

  /** Syncs now on the caller's thread, including the drift check (start-up, tests). */
  public void syncNow() {
    syncOnce(true);
  }

  /** How many nft transactions this proxy has applied (for tests and logs). */
  public synchronized int transactions() {
    return transactions;
  }

  synchronized void syncOnce(boolean checkDrift) {
    if (!tracker.synced()) {
      return;
    }
    if (!needFull && checkDrift && !tracker.hasChanges()) {
      needFull = drifted();
    }
    long start = System.nanoTime();
    boolean full = needFull;
    linesThisSync = 0;
    try {
      if (full) {
        syncFull();
      } else {
        syncChanged();
      }
      AgentMetrics.proxySynced(full, start, linesThisSync);
    } catch (RuntimeException e) {
      AgentMetrics.PROXY_SYNC_FAILURES.inc();
      needFull = true;
      log.warn("proxy sync failed node={} netns={} error={}", config.nodeName(), netns, e.getMessage());
      throw e;
    }
  }

  /** Cheap check first (does the table exist), then the listing's fingerprint against the last one seen. */
  private boolean drifted() {
    Optional<String> listing = nft.list(netns, config.family().nft, ProxyNames.TABLE);
    if (listing.isEmpty()) {
      log.info("proxy table missing, rewriting node={} netns={}", config.nodeName(), netns);
      return true;
    }
    String now = NftListing.fingerprint(listing.get());
    if (fingerprint.isPresent() && !fingerprint.get().equals(now)) {
      log.info("proxy table changed by someone else, rewriting node={} netns={}", config.nodeName(), netns);
      return true;
    }
    fingerprint = Optional.of(now);
    return false;
  }

  /**
   * Everything from the tracker. A proxy's first sync first asks the table what it holds (its
   * fingerprint and names, both cheap to list): a restarted proxy on a node that is already right
   * writes nothing, so neither the table nor any connection notices the restart.
   */
  private void syncFull() {
    Map<String, RenderedService> desired = new TreeMap<>();
    for (ChangeTracker.Change c : tracker.take(true)) {
      c.service().flatMap(s -> ServiceRenderer.render(s, c.slices(), config)).ifPresent(r -> desired.put(c.key(), r));
    }
    List<Rules> rules = desired.values().stream().map(RenderedService::rules).toList();
    Fingerprint.Next next = state.of(rules);
    Set<String> existing = existingNames();
    Map<String, RenderedService> before = new HashMap<>(applied);
    if (transactions == 0 && applied.isEmpty() && tableHolds(next, existing, rules)) {
      log.info("proxy table already right, nothing written node={} netns={} services={}", config.nodeName(), netns, desired.size());
    } else {
      Transaction tx = Transaction.full(config, rules, existing);
      tx.state(next);
      apply(tx, "full", desired.size());
      conntrack.afterSync(before, desired);
    }
    state.commit(next);
    shared.commit(shared.of(rules));
    applied.clear();
    applied.putAll(desired);
    needFull = false;
    healthChecks.clear();
    syncHealth(applied.keySet());
  }

  /** The table carries {@code next} and exactly the chains and affinity sets {@code rules} own. */
  private boolean tableHolds(Fingerprint.Next next, Set<String> existing, List<Rules> rules) {
    Optional<String> written = nft.listObject(netns, "set", config.family().nft, ProxyNames.TABLE, ProxyNames.STATE).flatMap(NftListing::state);
    return written.equals(Optional.of(next.text())) && existing.equals(Transaction.ownedNames(config, rules));
  }

  private Set<String> existingNames() {
    String family = config.family().nft;
    String listing = nft.listTerse(netns, "chains", family).orElse("") + nft.listTerse(netns, "sets", family).orElse("");
    return NftListing.ownedNames(listing, family);
  }

  private void syncChanged() {
    Transaction tx = new Transaction(config.family());
    Map<String, RenderedService> before = new HashMap<>();
    Map<String, RenderedService> after = new HashMap<>();
    List<Rules> removed = new ArrayList<>();
    List<Rules> added = new ArrayList<>();
    for (ChangeTracker.Change c : tracker.take(false)) {
      Optional<RenderedService> now = c.service().flatMap(s -> ServiceRenderer.render(s, c.slices(), config));
      Optional<RenderedService> was = Optional.ofNullable(applied.get(c.key()));
      if (!Objects.equals(now, was)) {
        if (!Objects.equals(now.map(RenderedService::rules), was.map(RenderedService::rules))) {
          tx.service(was.map(RenderedService::rules), now.map(RenderedService::rules));
          was.ifPresent(w -> removed.add(w.rules()));
          now.ifPresent(n -> added.add(n.rules()));
        }
        was.ifPresent(w -> before.put(c.key(), w));
        now.ifPresent(n -> after.put(c.key(), n));
      }
    }
    if (before.isEmpty() && after.isEmpty()) {
      return;
    }
    if (!tx.isEmpty()) {
      SharedObjects.Plan plan = shared.after(removed, added);
      tx.shared(plan);
      Fingerprint.Next next = state.after(removed, added);
      tx.state(next);
      apply(tx, "partial", Math.max(before.size(), after.size()));
      shared.commit(plan);
      state.commit(next);
    }
    before.keySet().forEach(applied::remove);
    applied.putAll(after);
    conntrack.afterSync(before, after);
    Set<String> changed = new HashSet<>(before.keySet());
    changed.addAll(after.keySet());
    syncHealth(changed);
  }

  private void apply(Transaction tx, String kind, int services) {
    String script = tx.script();
    log.debug("proxy transaction node={} netns={}\n{}", config.nodeName(), netns, script);
    long t0 = System.nanoTime();
    nft.apply(netns, script);
    transactions++;
    linesThisSync += tx.lines();
    fingerprint = Optional.empty();
    log.info("proxy sync applied node={} netns={} kind={} services={} lines={} nft_ms={}", config.nodeName(), netns, kind, services,
        tx.lines(), (System.nanoTime() - t0) / 1_000_000);
  }

  /** Re-reads the health checks of {@code changed} Services from {@link #applied} and serves what all want. */
  private void syncHealth(Collection<String> changed) {
    for (String key : changed) {
      Optional<HealthCheck> h = Optional.ofNullable(applied.get(key)).flatMap(RenderedService::health);
      if (h.isPresent()) {
        healthChecks.put(key, h.get());
      } else {
        healthChecks.remove(key);
      }
    }
    Map<Integer, HealthCheck> wanted = new HashMap<>();
    healthChecks.values().forEach(h -> wanted.put(h.port(), h));
    health.ensure(wanted);
  }

  @Override
  public void close() {
    loop.close();
    health.close();
    nft.release(netns);
  }
}

package dev.podnet.agent.ebpf;

import dev.podnet.agent.ebpf.LbEntries.ServiceValue;
import dev.podnet.agent.ebpf.LbService.LbSet;
import dev.podnet.agent.proxy.ChangeTracker;
import dev.podnet.agent.proxy.IpFamily;
import dev.podnet.agent.proxy.ProxyConfig;
import dev.podnet.agent.proxy.ServiceDatapath;
import dev.podnet.agent.proxy.SyncLoop;
import dev.podnet.kernel.bpf.Entries;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's eBPF service datapath: the same events as the nftables proxy, the same
 * {@link ChangeTracker}, written into the socket LB's maps. Each event renders its Service's
 * entries at once, on the event's thread ({@link Renders}), so a sync only numbers backend sets
 * and copies longs into one batch per map. A change rewrites only the changed
 * Services' entries (diffed against what was applied, kept in memory); every {@code syncPeriod}
 * a full sync reads both maps back and repairs whatever differs, so an entry changed or deleted
 * by hand lasts at most one period.
 */
public final class SocketLb implements ServiceDatapath {
  private static final Logger log = LoggerFactory.getLogger(SocketLb.class);

  private final LbMaps maps;
  private final ProxyConfig config;
  private final ChangeTracker tracker = new ChangeTracker();
  private final SetIds ids = new SetIds();
  private final SyncLoop loop;
  private final Renders renders;
  /** What the maps hold, per Service key, as this agent last wrote it. */
  private Map<String, Placed> applied = new HashMap<>();
  private boolean needFull = true;
  private boolean firstSync = true;
  private long entriesWritten;
  /** Time the last sync spent in bpf() (reading the maps back, writing the diff): the rest is rendering. */
  private long lastKernelNanos;

  public SocketLb(LbMaps maps, ProxyConfig config) {
    if (config.family() != IpFamily.V4) {
      throw new IllegalArgumentException("socket LB on node " + config.nodeName() + ": the programs hook connect4/sendmsg4 (IPv4 only), "
          + "the cluster CIDR " + config.clusterCidr() + " is IPv6; use --datapath nftables");
    }
    this.maps = maps;
    this.config = config;
    this.renders = new Renders(tracker, config);
    this.loop = new SyncLoop("socketlb-" + config.nodeName(), config, this::syncOnce);
  }

  /** Starts the sync thread. Until both lists are marked synced it writes nothing. */
  @Override
  public SocketLb start() {
    loop.start();
    return this;
  }

  public void onServiceAdded(Service svc) {
    prepare(tracker.service(svc, false));
  }

  public void onServiceUpdated(Service svc) {
    prepare(tracker.service(svc, false));
  }

  public void onServiceDeleted(Service svc) {
    prepare(tracker.service(svc, true));
  }

  public void onSliceAdded(EndpointSlice slice) {
    tracker.slice(slice, false).forEach(this::prepare);
  }

  public void onSliceUpdated(EndpointSlice slice) {
    tracker.slice(slice, false).forEach(this::prepare);
  }

  public void onSliceDeleted(EndpointSlice slice) {
    tracker.slice(slice, true).forEach(this::prepare);
  }

  public void markServicesSynced() {
    tracker.markServicesSynced();
    loop.trigger();
  }

  public void markSlicesSynced() {
    tracker.markSlicesSynced();
    loop.trigger();
  }

  private void prepare(String key) {
    renders.update(key);
    loop.trigger();
  }

  /** Syncs the changes now on the caller's thread (start-up, tests, benchmarks). */
  public void syncNow() {
    syncOnce(false);
  }

  /** A full sync now: reads the maps back and repairs them. */
  public void resyncNow() {
    syncOnce(true);
  }

  /** Microseconds the last sync spent in bpf() calls (benchmarks: rendering vs the kernel). */
  public synchronized long lastKernelMicros() {
    return lastKernelNanos / 1000;
  }

  /** Map entries written or deleted since start (tests and logs). */
  public synchronized long entriesWritten() {
    return entriesWritten;
  }

  synchronized void syncOnce(boolean periodic) {
    if (!tracker.synced()) {
      return;
    }
    try {
      if (needFull || periodic) {
        syncFull();
      } else {
        syncChanged();
      }
    } catch (RuntimeException e) {
      needFull = true;
      log.warn("socket LB sync failed node={} error={}", config.nodeName(), e.getMessage());
      throw e;
    }
  }

  /** Everything: desired from the renders, actual from the kernel; a restarted agent adopts what is there. */
  private void syncFull() {
    long t0 = System.nanoTime();
    Entries actualServices = maps.services().snapshot();
    Entries actualBackends = maps.backends().snapshot();
    long read = System.nanoTime() - t0;
    if (firstSync) {
      ids.adopt(actualServices);
    }
    Map<String, Placed> desired = new HashMap<>(applied.size() * 2);
    Set<String> live = new HashSet<>(applied.size() * 2);
    Entries services = new Entries(LbEntries.Frontend.SIZE, ServiceValue.SIZE, applied.size());
    Entries backends = new Entries(LbEntries.BackendKey.SIZE, LbEntries.Backend.SIZE, applied.size() * 2);
    renders.takeAll((key, r) -> {
      r.sets().forEach(set -> live.add(set.name()));
      Placed p = place(r);
      p.writeTo(services, backends);
      desired.put(key, p);
    });
    ids.retain(live);
    ids.adopted();
    MapDiff svcDiff = MapDiff.of(actualServices, services);
    MapDiff beDiff = MapDiff.of(actualBackends, backends);
    lastKernelNanos = read + applied(svcDiff, beDiff);
    applied = desired;
    needFull = false;
    if (firstSync && svcDiff.size() + beDiff.size() == 0) {
      // what a restarted agent says when the pinned maps it found were right (tests look for it)
      log.info("socket LB maps already right, nothing written node={} services={}", config.nodeName(), desired.size());
    }
    firstSync = false;
    logged("full", desired.size(), svcDiff.size() + beDiff.size(), t0);
  }

  private void syncChanged() {
    long t0 = System.nanoTime();
    Entries svcBefore = new Entries(LbEntries.Frontend.SIZE, ServiceValue.SIZE, 0);
    Entries svcAfter = new Entries(LbEntries.Frontend.SIZE, ServiceValue.SIZE, 0);
    Entries beBefore = new Entries(LbEntries.BackendKey.SIZE, LbEntries.Backend.SIZE, 0);
    Entries beAfter = new Entries(LbEntries.BackendKey.SIZE, LbEntries.Backend.SIZE, 0);
    Map<String, Optional<LbService>> changes = renders.takeChanged();
    changes.forEach((key, now) -> {
      Placed was = applied.getOrDefault(key, Placed.NONE);
      Set<String> gone = new HashSet<>();
      was.render().sets().forEach(set -> gone.add(set.name()));
      now.ifPresent(r -> r.sets().forEach(set -> gone.remove(set.name())));
      ids.release(gone);
      was.writeTo(svcBefore, beBefore);
      now.map(this::place).ifPresentOrElse(p -> {
        p.writeTo(svcAfter, beAfter);
        applied.put(key, p);
      }, () -> applied.remove(key));
    });
    MapDiff svcDiff = MapDiff.of(svcBefore, svcAfter);
    MapDiff beDiff = MapDiff.of(beBefore, beAfter);
    if (svcDiff.size() + beDiff.size() == 0) {
      lastKernelNanos = 0;
      return;
    }
    lastKernelNanos = applied(svcDiff, beDiff);
    logged("partial", changes.size(), svcDiff.size() + beDiff.size(), t0);
  }

  /** A render with its sets numbered. */
  private Placed place(LbService r) {
    int[] setIds = new int[r.sets().size()];
    for (int k = 0; k < setIds.length; k++) {
      LbSet set = r.sets().get(k);
      setIds[k] = ids.idFor(set.name(), set.frontends());
    }
    return new Placed(r, setIds);
  }

  /** What one Service holds in the maps: its render, and the id each of its sets has. */
  private record Placed(LbService render, int[] ids) {
    static final Placed NONE = new Placed(LbService.NONE, new int[0]);

    void writeTo(Entries services, Entries backends) {
      for (int k = 0; k < ids.length; k++) {
        LbSet set = render.sets().get(k);
        for (long f : set.frontends()) {
          LbEntries.putServiceValue(services, services.add(f), ids[k], set.backends().length, set.affinitySeconds());
        }
        for (int slot = 0; slot < set.backends().length; slot++) {
          backends.putValueLong(backends.add(LbEntries.backendKey(ids[k], slot)), 0, set.backends()[slot]);
        }
      }
    }
  }

  /** Applies both diffs; the nanoseconds it took. */
  private long applied(MapDiff services, MapDiff backends) {
    long t0 = System.nanoTime();
    MapDiff.apply(maps, services, backends);
    return System.nanoTime() - t0;
  }

  private void logged(String kind, int services, int entries, long t0) {
    entriesWritten += entries;
    if (entries > 0 || kind.equals("partial")) {
      log.info("socket LB sync applied node={} kind={} services={} entries={} us={}", config.nodeName(), kind, services, entries,
          (System.nanoTime() - t0) / 1000);
    }
  }

  @Override
  public void close() {
    loop.close();
    maps.close();
  }
}

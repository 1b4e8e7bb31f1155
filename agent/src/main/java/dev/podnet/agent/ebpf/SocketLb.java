package dev.podnet.agent.ebpf;

import dev.podnet.agent.proxy.ChangeTracker;
import dev.podnet.agent.proxy.IpFamily;
import dev.podnet.agent.proxy.ProxyConfig;
import dev.podnet.agent.proxy.ServiceDatapath;
import dev.podnet.agent.proxy.SyncLoop;
import dev.podnet.kernel.bpf.Bytes;
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
 * {@link ChangeTracker}, written into the socket LB's maps. A change rewrites only the changed
 * Services' entries (diffed against what was applied, kept in memory); every
 * {@code syncPeriod} a full sync reads both maps back and repairs whatever differs, so an entry
 * changed or deleted by hand lasts at most one period.
 */
public final class SocketLb implements ServiceDatapath {
  private static final Logger log = LoggerFactory.getLogger(SocketLb.class);

  private final LbMaps maps;
  private final ProxyConfig config;
  private final ChangeTracker tracker = new ChangeTracker();
  private final SetIds ids = new SetIds();
  private final SyncLoop loop;
  /** What the maps hold, per Service key, as this agent last wrote it. */
  private final Map<String, LbService> applied = new HashMap<>();
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
    this.loop = new SyncLoop("socketlb-" + config.nodeName(), config, this::syncOnce);
  }

  /** Starts the sync thread. Until both lists are marked synced it writes nothing. */
  @Override
  public SocketLb start() {
    loop.start();
    return this;
  }

  public void onServiceAdded(Service svc) {
    record(() -> tracker.service(svc, false));
  }

  public void onServiceUpdated(Service svc) {
    record(() -> tracker.service(svc, false));
  }

  public void onServiceDeleted(Service svc) {
    record(() -> tracker.service(svc, true));
  }

  public void onSliceAdded(EndpointSlice slice) {
    record(() -> tracker.slice(slice, false));
  }

  public void onSliceUpdated(EndpointSlice slice) {
    record(() -> tracker.slice(slice, false));
  }

  public void onSliceDeleted(EndpointSlice slice) {
    record(() -> tracker.slice(slice, true));
  }

  public void markServicesSynced() {
    record(tracker::markServicesSynced);
  }

  public void markSlicesSynced() {
    record(tracker::markSlicesSynced);
  }

  private void record(Runnable r) {
    r.run();
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

  /** Everything: desired from the tracker, actual from the kernel; a restarted agent adopts what is there. */
  private void syncFull() {
    long t0 = System.nanoTime();
    Map<Bytes, Bytes> actualServices = maps.services().entries();
    Map<Bytes, Bytes> actualBackends = maps.backends().entries();
    long read = System.nanoTime() - t0;
    if (firstSync) {
      ids.adopt(actualServices);
    }
    Map<String, LbService> desired = new HashMap<>();
    for (ChangeTracker.Change c : tracker.take(true)) {
      c.service().map(s -> LbRenderer.render(s, c.slices(), config, ids)).ifPresent(r -> desired.put(c.key(), r));
    }
    Set<String> live = new HashSet<>();
    Map<Bytes, Bytes> services = new HashMap<>();
    Map<Bytes, Bytes> backends = new HashMap<>();
    desired.values().forEach(s -> {
      live.addAll(s.sets());
      services.putAll(s.services());
      backends.putAll(s.backends());
    });
    ids.retain(live);
    ids.adopted();
    MapDiff svcDiff = MapDiff.of(actualServices, services);
    MapDiff beDiff = MapDiff.of(actualBackends, backends);
    lastKernelNanos = read + applied(svcDiff, beDiff);
    applied.clear();
    applied.putAll(desired);
    needFull = false;
    firstSync = false;
    logged("full", desired.size(), svcDiff.size() + beDiff.size(), t0);
  }

  private void syncChanged() {
    long t0 = System.nanoTime();
    Map<Bytes, Bytes> svcBefore = new HashMap<>();
    Map<Bytes, Bytes> svcAfter = new HashMap<>();
    Map<Bytes, Bytes> beBefore = new HashMap<>();
    Map<Bytes, Bytes> beAfter = new HashMap<>();
    int changed = 0;
    for (ChangeTracker.Change c : tracker.take(false)) {
      LbService was = applied.getOrDefault(c.key(), LbService.NONE);
      Optional<LbService> now = c.service().map(s -> LbRenderer.render(s, c.slices(), config, ids));
      Set<String> gone = new HashSet<>(was.sets());
      now.ifPresent(n -> gone.removeAll(n.sets()));
      ids.release(gone);
      svcBefore.putAll(was.services());
      beBefore.putAll(was.backends());
      now.ifPresent(n -> {
        svcAfter.putAll(n.services());
        beAfter.putAll(n.backends());
        applied.put(c.key(), n);
      });
      if (now.isEmpty()) {
        applied.remove(c.key());
      }
      changed++;
    }
    MapDiff svcDiff = MapDiff.of(svcBefore, svcAfter);
    MapDiff beDiff = MapDiff.of(beBefore, beAfter);
    if (svcDiff.size() + beDiff.size() == 0) {
      lastKernelNanos = 0;
      return;
    }
    lastKernelNanos = applied(svcDiff, beDiff);
    logged("partial", changed, svcDiff.size() + beDiff.size(), t0);
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

package dev.podnet.agent.routing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one node's routing current: node events only record the change and wake the single sync
 * thread, which coalesces bursts into one reconcile; a periodic full resync repairs drift (an
 * entry deleted by hand comes back within {@code resync}).
 */
public final class RoutingAgent implements NodeRouting {
  private static final Logger log = LoggerFactory.getLogger(RoutingAgent.class);

  private final NodeInfo self;
  private final RoutingReconciler reconciler;
  private final Map<String, NodeInfo> nodes = new ConcurrentHashMap<>();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ScheduledExecutorService thread;

  public RoutingAgent(NodeInfo self, RoutingReconciler reconciler, Duration resync) {
    this.self = self;
    this.reconciler = reconciler;
    nodes.put(self.name(), self);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "routing-" + self.name());
      t.setDaemon(true);
      return t;
    });
    thread.scheduleWithFixedDelay(this::resync, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void onNodeAdded(NodeInfo n) {
    nodes.put(n.name(), n);
    trigger();
  }

  @Override
  public void onNodeUpdated(NodeInfo n) {
    onNodeAdded(n);
  }

  @Override
  public void onNodeDeleted(String name) {
    if (!name.equals(self.name()) && nodes.remove(name) != null) {
      trigger();
    }
  }

  /** Runs one sync now on the caller's thread (start-up, tests): the node is programmed on return. */
  public RoutingReconciler.SyncResult syncNow() {
    try {
      return thread.submit(() -> reconciler.sync(self, nodes.values())).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while syncing routes of " + self.name(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
  }

  private void trigger() {
    if (pending.compareAndSet(false, true)) {
      thread.execute(() -> {
        pending.set(false);
        resync();
      });
    }
  }

  private void resync() {
    try {
      reconciler.sync(self, nodes.values());
    } catch (RuntimeException e) {
      log.warn("routing sync failed node={} error={}", self.name(), e.getMessage());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}

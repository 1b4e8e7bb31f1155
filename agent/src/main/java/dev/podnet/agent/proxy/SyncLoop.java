package dev.podnet.agent.proxy;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one sync thread: runs a sync when triggered, at most once per {@code minSyncInterval}
 * (triggers in between coalesce into the next run), and a drift-checking sync every
 * {@code syncPeriod} even when nothing was triggered.
 */
public final class SyncLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncLoop.class);
  private final Thread thread;
  private final long minNanos;
  private final long periodNanos;
  private final Consumer<Boolean> sync;
  private boolean pending;
  private boolean closed;

  /** {@code sync} gets {@code true} for the periodic (drift-checking) run. */
  public SyncLoop(String name, ProxyConfig config, Consumer<Boolean> sync) {
    this.minNanos = config.minSyncInterval().toNanos();
    this.periodNanos = config.syncPeriod().toNanos();
    this.sync = sync;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public synchronized void trigger() {
    pending = true;
    notifyAll();
  }

  private void run() {
    long nextPeriodic = System.nanoTime() + periodNanos;
    while (true) {
      boolean periodic;
      synchronized (this) {
        while (!pending && !closed && System.nanoTime() < nextPeriodic) {
          waitNanos(nextPeriodic - System.nanoTime());
        }
        if (closed) {
          return;
        }
        periodic = !pending;
        pending = false;
      }
      try {
        sync.accept(periodic);
      } catch (RuntimeException e) {
        log.debug("sync failed; retrying at the next trigger or period", e);
      }
      if (periodic) {
        nextPeriodic = System.nanoTime() + periodNanos;
      }
      synchronized (this) {
        long until = System.nanoTime() + minNanos;
        while (!closed && System.nanoTime() < until) {
          waitNanos(until - System.nanoTime());
        }
      }
    }
  }

  private void waitNanos(long nanos) {
    try {
      wait(Math.max(1, nanos / 1_000_000), 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

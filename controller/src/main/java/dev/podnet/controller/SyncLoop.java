package dev.podnet.controller;

import dev.podnet.store.Informer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every controller shares: its informers, a coalescing {@link WorkQueue} and the one worker
 * thread that drains it into {@link #sync}. A sync that throws is retried with backoff; one that
 * returns is forgotten, so the next failure starts from the base delay.
 */
abstract class SyncLoop<K> implements Controller {
  private static final Logger LOG = LoggerFactory.getLogger(SyncLoop.class);
  private static final Duration JOIN_WAIT = Duration.ofSeconds(5);

  private final String controller;
  private final Informers informers;
  private final boolean ownsInformers;
  private final List<Informer<?>> awaited;
  private final WorkQueue<K> queue = new WorkQueue<>();
  private final Thread worker;
  private volatile boolean closed;

  /** {@code ownsInformers}: the controller was built alone, so it starts and closes its informers itself. */
  SyncLoop(String controller, Informers informers, boolean ownsInformers, List<Informer<?>> awaited) {
    this.controller = controller;
    this.informers = informers;
    this.ownsInformers = ownsInformers;
    this.awaited = List.copyOf(awaited);
    this.worker = new Thread(this::run, "controller-" + controller);
    this.worker.setDaemon(true);
  }

  /** Reconciles one key: reads the current state, computes, writes the difference; throws to be retried. */
  abstract void sync(K key);

  final void enqueue(K key) {
    queue.add(key);
  }

  final void enqueueAfter(K key, Duration delay) {
    queue.addAfter(key, delay);
  }

  @Override
  public final void start() {
    informers.start();
    worker.start();
  }

  @Override
  public final void close() {
    closed = true;
    queue.close();
    worker.interrupt();
    if (Thread.currentThread() != worker && worker.isAlive()) {
      try {
        worker.join(JOIN_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ownsInformers) {
      informers.close();
    }
  }

  private void run() {
    try {
      awaitInformers();
      while (!closed) {
        Optional<K> key = queue.take();
        if (key.isEmpty()) {
          return;
        }
        syncOne(key.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void syncOne(K key) {
    try {
      sync(key);
      queue.forget(key);
    } catch (RuntimeException e) {
      if (closed) {
        return;
      }
      Duration delay = queue.retry(key);
      LOG.warn("controller={} key={} sync failed, retrying in {}ms: {}", controller, key, delay.toMillis(), e.getMessage());
      LOG.debug("controller={} key={} sync failure", controller, key, e);
    } finally {
      queue.done(key);
    }
  }

  private void awaitInformers() throws InterruptedException {
    for (Informer<?> informer : awaited) {
      while (!informer.hasSynced()) {
        if (closed) {
          throw new InterruptedException();
        }
        Thread.sleep(10);
      }
    }
    LOG.info("controller={} informers synced, worker started", controller);
  }
}

package dev.podnet.store;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread a watch delivers on, in the order deliveries were handed to it. It keeps handlers
 * off the writer's thread (memory) and off jetcd's event loop (etcd), where a handler that blocks or
 * calls the store would stall every other watch and request.
 */
final class WatchThread {
  private static final AtomicInteger COUNT = new AtomicInteger();

  private final ExecutorService executor;
  private volatile boolean closed;

  WatchThread(String prefix) {
    String name = "watch-" + COUNT.incrementAndGet() + "-" + prefix;
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code delivery} after the ones before it, unless the watch is closed by then. */
  void deliver(Runnable delivery) {
    submit(() -> {
      if (!closed) {
        delivery.run();
      }
    });
  }

  /** Runs {@code delivery} after the ones before it, and nothing after it. */
  void deliverLast(Runnable delivery) {
    submit(delivery);
    closed = true;
    executor.shutdown();
  }

  void close() {
    closed = true;
    executor.shutdown();
  }

  private void submit(Runnable r) {
    if (closed) {
      return;
    }
    try {
      executor.execute(r);
    } catch (RejectedExecutionException e) {
      // closed while this was being handed over: the watcher no longer wants it
    }
  }
}

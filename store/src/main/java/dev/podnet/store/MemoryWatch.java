package dev.podnet.store;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One watch on a {@link MemoryStore}: changes are offered under the store's lock, so in revision
 * order, and delivered on the watch's own thread, so a slow handler never blocks a writer.
 */
final class MemoryWatch implements Watch {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final String prefix;
  private final long after;
  private final Change.Listener listener;
  private final Consumer<MemoryWatch> onClose;
  private final ExecutorService executor;
  private volatile boolean closed;

  MemoryWatch(String prefix, long after, Change.Listener listener, Consumer<MemoryWatch> onClose) {
    this.prefix = prefix;
    this.after = after;
    this.listener = listener;
    this.onClose = onClose;
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "memory-store-watch-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  void offer(Change change) {
    if (change.entry().modRevision() > after && change.entry().key().startsWith(prefix)) {
      deliver(() -> listener.onChange(change));
    }
  }

  /** Ends the watch with {@code error}, its last delivery. */
  void fail(StoreException error) {
    executor.execute(() -> listener.onError(error));
    closed = true;
    executor.shutdown();
  }

  @Override
  public void close() {
    closed = true;
    onClose.accept(this);
    executor.shutdown();
  }

  private void deliver(Runnable r) {
    if (closed) {
      return;
    }
    try {
      executor.execute(() -> {
        if (!closed) {
          r.run();
        }
      });
    } catch (RejectedExecutionException e) {
      // closed while this change was being offered: the watcher no longer wants it
    }
  }
}

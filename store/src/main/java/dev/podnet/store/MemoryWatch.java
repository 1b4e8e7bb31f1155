package dev.podnet.store;

import java.util.function.Consumer;

/**
 * One watch on a {@link MemoryStore}: changes are offered under the store's lock, so in revision
 * order, and delivered on the watch's own thread.
 */
final class MemoryWatch implements Watch {
  private final String prefix;
  private final long after;
  private final Change.Listener listener;
  private final Consumer<MemoryWatch> onClose;
  private final WatchThread thread;

  MemoryWatch(String prefix, long after, Change.Listener listener, Consumer<MemoryWatch> onClose) {
    this.prefix = prefix;
    this.after = after;
    this.listener = listener;
    this.onClose = onClose;
    this.thread = new WatchThread(prefix);
  }

  void offer(Change change) {
    if (change.entry().modRevision() > after && change.entry().key().startsWith(prefix)) {
      thread.deliver(() -> listener.onChange(change));
    }
  }

  /** Ends the watch with {@code error}, its last delivery. */
  void fail(StoreException error) {
    thread.deliverLast(() -> listener.onError(error));
  }

  @Override
  public void close() {
    onClose.accept(this);
    thread.close();
  }
}

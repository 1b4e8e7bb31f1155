package dev.podnet.store;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch.Watcher;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One etcd watch on a key prefix, delivering on its own thread. jetcd resumes a broken stream by itself from the revision after the
 * last event it delivered, so a lost connection is only logged; compaction or a stream jetcd gives up
 * on ends the watch with an error.
 */
final class EtcdWatch implements Watch {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);

  private final String endpoints;
  private final String prefix;
  private final long after;
  private final Change.Listener listener;
  private final AtomicBoolean over = new AtomicBoolean();
  private final WatchThread thread;
  private volatile Watcher watcher;
  /** The revision of the last change delivered: a resumed stream may repeat it. */
  private long last;
  private volatile Throwable lastError;

  private EtcdWatch(String endpoints, String prefix, long after, Change.Listener listener) {
    this.endpoints = endpoints;
    this.prefix = prefix;
    this.after = after;
    this.listener = listener;
    this.last = after;
    this.thread = new WatchThread(prefix);
  }

  static EtcdWatch start(io.etcd.jetcd.Watch client, String endpoints, String prefix, long after, Change.Listener listener) {
    EtcdWatch watch = new EtcdWatch(endpoints, prefix, after, listener);
    WatchOption option = WatchOption.builder().isPrefix(true).withPrevKV(true).withRevision(after == 0 ? 0 : after + 1).build();
    watch.watcher = client.watch(EtcdStore.bytes(prefix), option,
        io.etcd.jetcd.Watch.listener(watch::onNext, watch::onError, watch::onCompleted));
    return watch;
  }

  @Override
  public void close() {
    over.set(true);
    thread.close();
    Watcher w = watcher;
    if (w != null) {
      w.close();
    }
  }

  private void onNext(WatchResponse response) {
    lastError = null;
    for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
      KeyValue kv = e.getKeyValue();
      if (over.get() || kv.getModRevision() <= last) {
        continue;
      }
      last = kv.getModRevision();
      Change change = change(e);
      thread.deliver(() -> listener.onChange(change));
    }
  }

  private static Change change(io.etcd.jetcd.watch.WatchEvent e) {
    KeyValue kv = e.getKeyValue();
    String key = kv.getKey().toString(StandardCharsets.UTF_8);
    if (e.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.DELETE) {
      KeyValue prev = e.getPrevKV();
      return new Change(WatchEvent.Type.DELETED, new Entry(key, prev.getValue().getBytes(), kv.getModRevision()));
    }
    WatchEvent.Type type = kv.getCreateRevision() == kv.getModRevision() ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED;
    KeyValue prev = e.getPrevKV();
    Optional<Entry> previous = type == WatchEvent.Type.MODIFIED && prev != null && !prev.getKey().isEmpty()
        ? Optional.of(new Entry(key, prev.getValue().getBytes(), prev.getModRevision())) : Optional.empty();
    return new Change(type, new Entry(key, kv.getValue().getBytes(), kv.getModRevision()), previous);
  }

  private void onError(Throwable t) {
    if (t instanceof CompactedException c) {
      end(StoreException.gone(after, c.getCompactedRevision()));
      return;
    }
    // jetcd retries every 500 ms while etcd is away: say so once per outage.
    if (lastError == null) {
      LOG.warn("etcd watch interrupted, resuming endpoints={} prefix={} rv={} error={}", endpoints, prefix, last, t.getMessage());
    }
    lastError = t;
  }

  private void onCompleted() {
    Throwable t = lastError;
    end(new StoreException(StoreException.Reason.UNAVAILABLE,
        "watch " + prefix + " from revision " + after + " on " + endpoints + " ended" + (t == null ? "" : ": " + t.getMessage()), t));
  }

  private void end(StoreException error) {
    if (over.compareAndSet(false, true)) {
      thread.deliverLast(() -> listener.onError(error));
    }
  }
}

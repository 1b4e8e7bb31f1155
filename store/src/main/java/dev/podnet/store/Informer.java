package dev.podnet.store;

import dev.podnet.api.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache of one type (in one namespace, or all) kept current by list-then-watch, as client-go's
 * reflector and informer do. When the watch ends (history compacted away, or etcd gone for good) it
 * lists again and tells handlers the difference as adds, updates and deletes, so they converge on
 * the store's state without ever seeing a gap. Handlers run on the informer's one thread, in order;
 * they and the readers of {@link #get}/{@link #list} share the cached objects and must not modify them.
 */
public final class Informer<T extends HasMetadata> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Informer.class);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Store store;
  private final ResourceType type;
  private final String namespace;
  private final Map<String, T> cache = new ConcurrentSkipListMap<>();
  private final List<Handler<T>> handlers = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Item<T>> queue = new LinkedBlockingQueue<>();
  private final CountDownLatch synced = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean closed;
  private volatile Watch watch;
  /** Which watch is current: items of older ones are dropped. Touched by the informer thread only. */
  private long generation;
  private volatile StoreException lastError;

  public Informer(Store store, ResourceType type, String namespace) {
    this.store = store;
    this.type = type;
    this.namespace = Objects.requireNonNullElse(namespace, "");
    this.thread = new Thread(this::run, "informer-" + type.plural() + (this.namespace.isEmpty() ? "" : "-" + this.namespace));
    this.thread.setDaemon(true);
  }

  /**
   * Adds a handler. One added after {@link #start} first gets an add for every cached object, as
   * client-go does, so every handler sees the same history.
   */
  public Informer<T> addHandler(Consumer<? super T> onAdd, BiConsumer<? super T, ? super T> onUpdate, Consumer<? super T> onDelete) {
    Handler<T> h = new Handler<>(onAdd, onUpdate, onDelete);
    if (thread.isAlive()) {
      queue.add(new Item.Join<>(h));
    } else {
      handlers.add(h);
    }
    return this;
  }

  /** Lists, then watches, on the informer's thread; returns at once. */
  public void start() {
    thread.start();
  }

  public boolean hasSynced() {
    return synced.getCount() == 0;
  }

  /** Waits for the first list to be in the cache and handed to the handlers; UNAVAILABLE after {@code timeout}. */
  public void awaitSynced(Duration timeout) {
    try {
      if (synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    StoreException last = lastError;
    throw new StoreException(StoreException.Reason.UNAVAILABLE,
        "informer for " + what() + " not synced within " + timeout.toMillis() + " ms" + (last == null ? "" : ": " + last.getMessage()), last);
  }

  public Optional<T> get(String namespace, String name) {
    return Optional.ofNullable(cache.get(cacheKey(namespace, name)));
  }

  /** The cached objects, sorted by namespace and name. */
  public List<T> list() {
    return List.copyOf(cache.values());
  }

  /** Stops watching and handling; a handler running now finishes first unless it blocks. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    Watch w = watch;
    if (w != null) {
      w.close();
    }
    if (Thread.currentThread() != thread) {
      try {
        thread.join(MAX_BACKOFF.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    Duration backoff = MIN_BACKOFF;
    boolean relist = true;
    while (!closed) {
      try {
        if (relist) {
          relist();
          relist = false;
          backoff = MIN_BACKOFF;
        }
        relist = handle(queue.take());
      } catch (StoreException e) {
        lastError = e;
        LOG.warn("informer list failed, retrying resource={} namespace={} backoff={}ms error={}", type.plural(), namespace, backoff.toMillis(),
            e.getMessage());
        relist = true;
        if (!sleep(backoff)) {
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Replaces the cache with a fresh list, tells handlers what changed, and watches from the list on. */
  private void relist() {
    Watch old = watch;
    if (old != null) {
      old.close();
    }
    ListResult<T> fresh = store.<T>list(type, namespace);
    Map<String, T> byKey = fresh.items().stream().collect(Collectors.toMap(this::cacheKey, Function.identity()));
    for (String key : List.copyOf(cache.keySet())) {
      if (!byKey.containsKey(key)) {
        notifyDelete(cache.remove(key));
      }
    }
    fresh.items().forEach(this::notifyStored);
    long current = ++generation;
    watch = store.watch(type, namespace, fresh.resourceVersion(), new WatchHandler<T>() {
      @Override
      public void onEvent(WatchEvent<T> event) {
        queue.add(new Item.Event<>(current, event));
      }

      @Override
      public void onError(StoreException error) {
        queue.add(new Item.Failed<>(current, error));
      }
    });
    LOG.info("informer listed resource={} namespace={} rv={} objects={}", type.plural(), namespace, fresh.resourceVersion(), byKey.size());
    synced.countDown();
  }

  /** Applies one queued item; true if the watch has ended and the informer must list again. */
  private boolean handle(Item<T> item) {
    if (item instanceof Item.Join<T> join) {
      cache.values().forEach(o -> join.handler().add(o, this));
      handlers.add(join.handler());
      return false;
    }
    if (item.generation() != generation) {
      return false;
    }
    if (item instanceof Item.Failed<T> failed) {
      lastError = failed.error();
      LOG.warn("informer watch ended, relisting resource={} namespace={} error={}", type.plural(), namespace, failed.error().getMessage());
      if (!failed.error().is(StoreException.Reason.GONE)) {
        sleep(MIN_BACKOFF); // a server refusing watches must not be asked again in a tight loop
      }
      return true;
    }
    WatchEvent<T> event = ((Item.Event<T>) item).event();
    if (event.type() == WatchEvent.Type.DELETED) {
      T last = cache.remove(cacheKey(event.object()));
      notifyDelete(last != null ? last : event.object());
    } else {
      notifyStored(event.object());
    }
    return false;
  }

  private void notifyStored(T obj) {
    T old = cache.put(cacheKey(obj), obj);
    if (old == null) {
      handlers.forEach(h -> h.add(obj, this));
    } else if (!Objects.equals(old.getMetadata().getResourceVersion(), obj.getMetadata().getResourceVersion())) {
      handlers.forEach(h -> h.update(old, obj, this));
    }
  }

  private void notifyDelete(T obj) {
    handlers.forEach(h -> h.delete(obj, this));
  }

  private String cacheKey(T obj) {
    return cacheKey(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
  }

  private String cacheKey(String ns, String name) {
    return type.namespaced() ? Objects.requireNonNullElse(ns, "") + "/" + name : name;
  }

  private String what() {
    return type.plural() + (namespace.isEmpty() ? (type.namespaced() ? " in all namespaces" : "") : " in namespace " + namespace);
  }

  private static boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /** What the informer thread works through, in order. */
  private sealed interface Item<T extends HasMetadata> {
    long generation();

    record Event<T extends HasMetadata>(long generation, WatchEvent<T> event) implements Item<T> {}

    record Failed<T extends HasMetadata>(long generation, StoreException error) implements Item<T> {}

    record Join<T extends HasMetadata>(Handler<T> handler) implements Item<T> {
      @Override
      public long generation() {
        return -1;
      }
    }
  }

  /** One addHandler call; a handler that throws is logged and does not stop the others. */
  private record Handler<T extends HasMetadata>(Consumer<? super T> onAdd, BiConsumer<? super T, ? super T> onUpdate, Consumer<? super T> onDelete) {
    void add(T obj, Informer<T> informer) {
      guard(() -> onAdd.accept(obj), "add", obj, informer);
    }

    void update(T old, T obj, Informer<T> informer) {
      guard(() -> onUpdate.accept(old, obj), "update", obj, informer);
    }

    void delete(T obj, Informer<T> informer) {
      guard(() -> onDelete.accept(obj), "delete", obj, informer);
    }

    private static void guard(Runnable call, String what, HasMetadata obj, Informer<?> informer) {
      try {
        call.run();
      } catch (RuntimeException e) {
        LOG.warn("informer handler failed event={} resource={} namespace={} name={}", what, informer.type.plural(),
            obj.getMetadata().getNamespace(), obj.getMetadata().getName(), e);
      }
    }
  }
}

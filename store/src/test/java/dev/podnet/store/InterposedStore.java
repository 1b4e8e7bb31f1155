package dev.podnet.store;

import dev.podnet.api.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A store that passes everything to another, except what a test makes go wrong: watches that stop
 * hearing changes or end with an error, lists that fail, something done right after a list.
 */
final class InterposedStore implements Store {
  private final Store store;
  private final List<Severable<?>> watches = new CopyOnWriteArrayList<>();
  private volatile StoreException listFailure;
  private volatile Runnable afterNextList;
  private volatile int started;

  InterposedStore(Store store) {
    this.store = store;
  }

  /** From now on, running watches hear nothing. */
  void sever() {
    watches.forEach(w -> w.severed = true);
  }

  /** Ends every running watch with {@code error}. */
  void failWatches(StoreException error) {
    watches.forEach(w -> w.handler.onError(error));
    watches.clear();
  }

  void failLists(StoreException error) {
    listFailure = error;
  }

  void afterNextList(Runnable r) {
    afterNextList = r;
  }

  int watchesStarted() {
    return started;
  }

  @Override
  public <T extends HasMetadata> ListResult<T> list(ResourceType type, String namespace, ListOptions options) {
    return store.list(type, namespace, options);
  }

  @Override
  public <T extends HasMetadata> ListResult<T> list(ResourceType type, String namespace) {
    StoreException failure = listFailure;
    if (failure != null) {
      throw failure;
    }
    ListResult<T> result = store.list(type, namespace);
    Runnable r = afterNextList;
    afterNextList = null;
    if (r != null) {
      r.run();
    }
    return result;
  }

  @Override
  public <T extends HasMetadata> Watch watch(ResourceType type, String namespace, long fromResourceVersion, WatchHandler<T> handler) {
    Severable<T> severable = new Severable<>(handler);
    watches.add(severable);
    started++;
    Watch w = store.watch(type, namespace, fromResourceVersion, severable);
    return () -> {
      watches.remove(severable);
      w.close();
    };
  }

  @Override
  public <T extends HasMetadata> T create(T obj) {
    return store.create(obj);
  }

  @Override
  public <T extends HasMetadata> Optional<T> find(ResourceType type, String namespace, String name) {
    return store.find(type, namespace, name);
  }

  @Override
  public <T extends HasMetadata> T update(T obj) {
    return store.update(obj);
  }

  @Override
  public <T extends HasMetadata> T guaranteedUpdate(ResourceType type, String namespace, String name, UnaryOperator<T> mutate) {
    return store.guaranteedUpdate(type, namespace, name, mutate);
  }

  @Override
  public <T extends HasMetadata> T delete(ResourceType type, String namespace, String name, Preconditions preconditions) {
    return store.delete(type, namespace, name, preconditions);
  }

  private static final class Severable<T extends HasMetadata> implements WatchHandler<T> {
    final WatchHandler<T> handler;
    volatile boolean severed;

    Severable(WatchHandler<T> handler) {
      this.handler = handler;
    }

    @Override
    public void onEvent(WatchEvent<T> event) {
      if (!severed) {
        handler.onEvent(event);
      }
    }

    @Override
    public void onError(StoreException error) {
      handler.onError(error);
    }
  }
}

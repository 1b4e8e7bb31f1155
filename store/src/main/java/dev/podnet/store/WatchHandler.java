package dev.podnet.store;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Receives a watch's events in revision order, on one thread per watch. After {@link #onError} no
 * more events come: the watch is over, and a GONE error means the watcher must list again.
 */
public interface WatchHandler<T extends HasMetadata> {

  void onEvent(WatchEvent<T> event);

  void onError(StoreException error);
}

package dev.podnet.controller;

import dev.podnet.api.ResourceType;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One cluster-wide informer per type, shared by the controllers built on it, as client-go's
 * SharedInformerFactory: four controllers watching pods hold one cache and one watch, not four.
 */
final class Informers implements AutoCloseable {
  private final Store store;
  private final Map<ResourceType, Informer<?>> byType = new LinkedHashMap<>();
  private final Set<ResourceType> started = new HashSet<>();

  Informers(Store store) {
    this.store = store;
  }

  @SuppressWarnings("unchecked")
  synchronized <T extends HasMetadata> Informer<T> of(ResourceType type) {
    return (Informer<T>) byType.computeIfAbsent(type, t -> new Informer<T>(store, t, ""));
  }

  /** Starts every informer not started yet; safe to call again after more were asked for. */
  synchronized void start() {
    byType.forEach((type, informer) -> {
      if (started.add(type)) {
        informer.start();
      }
    });
  }

  @Override
  public synchronized void close() {
    byType.values().forEach(Informer::close);
  }
}

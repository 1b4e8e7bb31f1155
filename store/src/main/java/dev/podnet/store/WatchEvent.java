package dev.podnet.store;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One change to one object, as Kubernetes' watch reports it. A DELETED event carries the last
 * stored state, with its resourceVersion set to the revision of the delete.
 */
public record WatchEvent<T extends HasMetadata>(Type type, T object) {

  public enum Type { ADDED, MODIFIED, DELETED }

  /** The store revision of this change. */
  public long resourceVersion() {
    return Long.parseLong(object.getMetadata().getResourceVersion());
  }
}

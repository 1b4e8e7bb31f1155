package dev.podnet.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;

/**
 * One change to one object, as Kubernetes' watch reports it. A DELETED event carries the last
 * stored state, with its resourceVersion set to the revision of the delete. A MODIFIED event may
 * carry the state it replaced, so a filtered watch can tell an object entering or leaving its
 * selection, as upstream's does.
 */
public record WatchEvent<T extends HasMetadata>(Type type, T object, Optional<T> previous) {

  public WatchEvent(Type type, T object) {
    this(type, object, Optional.empty());
  }

  public enum Type { ADDED, MODIFIED, DELETED }

  /** The store revision of this change. */
  public long resourceVersion() {
    return Long.parseLong(object.getMetadata().getResourceVersion());
  }
}

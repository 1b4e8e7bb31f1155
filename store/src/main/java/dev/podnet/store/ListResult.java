package dev.podnet.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The objects of a collection sorted by key, and the store revision they were read at: a watch from
 * {@code resourceVersion} sees every change after this list and none before.
 */
public record ListResult<T extends HasMetadata>(List<T> items, long resourceVersion) {
  public ListResult {
    items = List.copyOf(items);
  }
}

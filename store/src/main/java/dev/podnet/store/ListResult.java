package dev.podnet.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.OptionalLong;

/**
 * The objects of a collection sorted by key, and the store revision they were read at: a watch from
 * {@code resourceVersion} sees every change after this list and none before. A page of a longer
 * list also carries the token for the next page, and, when it was not filtered, how many objects
 * follow it.
 */
public record ListResult<T extends HasMetadata>(List<T> items, long resourceVersion, String continueToken, OptionalLong remainingItemCount) {
  public ListResult {
    items = List.copyOf(items);
  }

  /** A complete list. */
  public ListResult(List<T> items, long resourceVersion) {
    this(items, resourceVersion, "", OptionalLong.empty());
  }
}

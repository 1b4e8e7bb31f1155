package dev.podnet.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which part of a collection {@link Store#list(dev.podnet.api.ResourceType, String, ListOptions)}
 * returns: at most {@code limit} objects (0: all) that pass {@code filter}, starting where the
 * {@code continueToken} of the previous page left off (empty: the first page).
 */
public record ListOptions(long limit, String continueToken, Optional<Predicate<HasMetadata>> filter) {

  public ListOptions {
    if (limit < 0) {
      throw new IllegalArgumentException("limit " + limit + ": must be 0 (no limit) or positive");
    }
  }

  /** The whole collection, unfiltered. */
  public static ListOptions all() {
    return new ListOptions(0, "", Optional.empty());
  }

  public boolean matches(HasMetadata obj) {
    return filter.map(f -> f.test(obj)).orElse(true);
  }
}

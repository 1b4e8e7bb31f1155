package dev.podnet.daemon.api.patch;

/**
 * How a list field merges, as the {@code patchStrategy}/{@code patchMergeKey} tags of upstream's
 * Go types declare it: replaced whole, merged element by element on a key, or merged as a set of
 * scalars.
 */
public sealed interface ListType {
  /** No patch strategy: the patch's list replaces the object's. */
  record Atomic() implements ListType {}

  /** {@code patchStrategy:"merge" patchMergeKey:"name"}: elements with the same key merge. */
  record ByKey(String key) implements ListType {}

  /** {@code patchStrategy:"merge"} on a list of scalars ({@code finalizers}): a union. */
  record Set() implements ListType {}

  ListType ATOMIC = new Atomic();
  ListType SET = new Set();
}

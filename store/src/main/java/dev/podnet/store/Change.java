package dev.podnet.store;

import java.util.List;
import java.util.Optional;

/**
 * What a key-value backend reports to a watch: a change, with the object's bytes (the last ones for
 * DELETED) and, for MODIFIED, the bytes it replaced when the backend has them.
 */
record Change(WatchEvent.Type type, Entry entry, Optional<Entry> previous) {

  Change(WatchEvent.Type type, Entry entry) {
    this(type, entry, Optional.empty());
  }

  /** Receives a backend watch's changes in revision order; after an error, nothing more. */
  interface Listener {
    void onChange(Change change);

    void onError(StoreException error);
  }

  /**
   * A consistent read of a key range: its entries in key order, the revision they were read at, and
   * how many keys of the range a limit left out.
   */
  record Range(List<Entry> entries, long revision, long more) {
    Range(List<Entry> entries, long revision) {
      this(entries, revision, 0);
    }
  }

  /**
   * Keys from {@code from} (inclusive) to {@code end} (exclusive) as of {@code revision} (0: now), at
   * most {@code limit} of them (0: all).
   */
  record Span(String from, String end, long revision, long limit) {
    /** Every key under {@code prefix}, now. */
    static Span prefix(String prefix) {
      return new Span(prefix, prefixEnd(prefix), 0, 0);
    }

    /** The first key after every key starting with {@code prefix}, as etcd's clientv3.GetPrefixRangeEnd. */
    static String prefixEnd(String prefix) {
      char last = prefix.charAt(prefix.length() - 1);
      return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }
  }
}

package dev.podnet.store;

import java.util.List;

/** What a key-value backend reports to a watch: a change, with the object's bytes (the last ones for DELETED). */
record Change(WatchEvent.Type type, Entry entry) {

  /** Receives a backend watch's changes in revision order; after an error, nothing more. */
  interface Listener {
    void onChange(Change change);

    void onError(StoreException error);
  }

  /** A consistent read of a key range: its entries in key order, and the revision they were read at. */
  record Range(List<Entry> entries, long revision) {}
}

package dev.podnet.agent.ebpf;

import dev.podnet.kernel.bpf.Entries;

/** What turns {@code before} into {@code after} in one map: entries to write, keys to delete. */
record MapDiff(Entries upserts, Entries deletes) {

  /** Both sides have 8-byte keys (both socket-LB maps do); a key twice in {@code after}: the last one counts. */
  static MapDiff of(Entries before, Entries after) {
    LongIndex wanted = new LongIndex(after.count());
    for (int j = 0; j < after.count(); j++) {
      wanted.put(after.key(j), j);
    }
    boolean[] same = new boolean[after.count()];
    Entries deletes = new Entries(before.keySize(), before.valueSize(), 0);
    for (int i = 0; i < before.count(); i++) {
      int j = wanted.get(before.key(i));
      if (j < 0) {
        deletes.add(before, i);
      } else if (after.sameValue(j, before, i)) {
        same[j] = true;
      }
    }
    Entries upserts = new Entries(after.keySize(), after.valueSize(), after.count());
    for (int j = 0; j < after.count(); j++) {
      if (!same[j] && wanted.get(after.key(j)) == j) {
        upserts.add(after, j);
      }
    }
    return new MapDiff(upserts, deletes);
  }

  int size() {
    return upserts.count() + deletes.count();
  }

  /**
   * Applies both diffs in the order a connecting pod never notices: backend slots before the
   * frontends that count them, and frontends gone before their slots. One bpf() call per map
   * for the writes.
   */
  static void apply(LbMaps maps, MapDiff services, MapDiff backends) {
    maps.backends().updateBatch(backends.upserts);
    maps.services().updateBatch(services.upserts);
    maps.services().deleteBatch(services.deletes);
    maps.backends().deleteBatch(backends.deletes);
  }
}

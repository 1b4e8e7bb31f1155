package dev.podnet.agent.ebpf;

import dev.podnet.kernel.bpf.BpfMap;
import dev.podnet.kernel.bpf.Bytes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What turns {@code before} into {@code after} in one map: entries to write, keys to delete. */
record MapDiff(Map<Bytes, Bytes> upserts, Set<Bytes> deletes) {

  static MapDiff of(Map<Bytes, Bytes> before, Map<Bytes, Bytes> after) {
    Map<Bytes, Bytes> up = new HashMap<>();
    after.forEach((k, v) -> {
      if (!Objects.equals(before.get(k), v)) {
        up.put(k, v);
      }
    });
    Set<Bytes> del = new HashSet<>(before.keySet());
    del.removeAll(after.keySet());
    return new MapDiff(up, del);
  }

  int size() {
    return upserts.size() + deletes.size();
  }

  /**
   * Applies both diffs in the order a connecting pod never notices: backend slots before the
   * frontends that count them, and frontends gone before their slots.
   */
  static void apply(LbMaps maps, MapDiff services, MapDiff backends) {
    if (!backends.upserts.isEmpty()) {
      maps.backends().updateAll(backends.upserts);
    }
    if (!services.upserts.isEmpty()) {
      maps.services().updateAll(services.upserts);
    }
    deleteAll(maps.services(), services.deletes);
    deleteAll(maps.backends(), backends.deletes);
  }

  private static void deleteAll(BpfMap map, Set<Bytes> keys) {
    if (!keys.isEmpty()) {
      map.deleteAll(keys);
    }
  }
}

package dev.podnet.agent.ebpf;

import dev.podnet.kernel.bpf.Entries;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The numbers of backend sets ({@code svc_value.id}): stable while the set lives, so a change
 * to one Service rewrites only its entries. A restarted agent adopts the numbers the maps
 * already use for the same frontends, so on a node that is right its first sync writes nothing.
 */
final class SetIds {
  private final Map<String, Integer> byName = new HashMap<>();
  private final BitSet used = new BitSet();
  /** Frontend → id, as found in the map at the first sync; consulted once per set. */
  private LongIndex found = new LongIndex(0);
  /** The ids in {@link #found}: never handed to a new set while adoption may still want them. */
  private BitSet foundIds = new BitSet();
  private int next = 1;

  /** Remembers the ids of {@code servicesMap} (a snapshot of podnet_svc) to adopt them. */
  void adopt(Entries servicesMap) {
    found = new LongIndex(servicesMap.count());
    foundIds = new BitSet();
    for (int i = 0; i < servicesMap.count(); i++) {
      int id = servicesMap.valueInt(i, 0);
      if (id > 0) {
        found.put(servicesMap.key(i), id);
        foundIds.set(id);
      }
    }
  }

  /** The id of set {@code name}, whose frontends are {@code frontends}: the one it has, an adopted one, or a free one. */
  int idFor(String name, long[] frontends) {
    Integer have = byName.get(name);
    if (have != null) {
      return have;
    }
    int id = 0;
    for (long f : frontends) {
      int a = found.get(f);
      if (a > 0 && !used.get(a)) {
        id = a;
        break;
      }
    }
    if (id == 0) {
      id = free();
    }
    byName.put(name, id);
    used.set(id);
    return id;
  }

  private int free() {
    while (used.get(next) || foundIds.get(next)) {
      next++;
    }
    return next++;
  }

  /** Forgets sets not in {@code live}: their ids may go to new sets. */
  void retain(Set<String> live) {
    byName.entrySet().removeIf(e -> {
      if (live.contains(e.getKey())) {
        return false;
      }
      used.clear(e.getValue());
      return true;
    });
  }

  /** Forgets {@code names} (a deleted or changed Service's sets). */
  void release(Set<String> names) {
    for (String n : names) {
      Integer id = byName.remove(n);
      if (id != null) {
        used.clear(id);
      }
    }
  }

  /** After the first sync nothing is left to adopt. */
  void adopted() {
    found = new LongIndex(0);
    foundIds = new BitSet();
  }
}

package dev.podnet.agent.ebpf;

import dev.podnet.agent.ebpf.LbEntries.ServiceValue;
import dev.podnet.kernel.bpf.Bytes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The numbers of backend sets ({@code svc_value.id}): stable while the set lives, so a change
 * to one Service rewrites only its entries. A restarted agent adopts the numbers the maps
 * already use for the same frontends, so on a node that is right its first sync writes nothing.
 */
final class SetIds {
  private final Map<String, Integer> byName = new HashMap<>();
  private final Set<Integer> used = new HashSet<>();
  /** Frontend → id, as found in the map at the first sync; consulted once per set. */
  private Map<Bytes, Integer> found = Map.of();
  /** The ids in {@link #found}: never handed to a new set while adoption may still want them. */
  private Set<Integer> foundIds = Set.of();
  private int next = 1;

  /** Remembers the ids of {@code servicesMap} (a dump of podnet_svc) to adopt them. */
  void adopt(Map<Bytes, Bytes> servicesMap) {
    Map<Bytes, Integer> out = new HashMap<>();
    servicesMap.forEach((k, v) -> {
      try {
        out.put(k, ServiceValue.parse(v).id());
      } catch (LbEntries.MalformedEntry e) {
        // a hand-written entry: the sync will overwrite it, nothing to adopt
      }
    });
    found = out;
    foundIds = new HashSet<>(out.values());
  }

  /** The id of set {@code name}, whose frontends are {@code frontends}: the one it has, an adopted one, or a free one. */
  int idFor(String name, List<Bytes> frontends) {
    Integer have = byName.get(name);
    if (have != null) {
      return have;
    }
    int id = frontends.stream().map(found::get).filter(i -> i != null && i > 0 && !used.contains(i)).findFirst().orElseGet(this::free);
    byName.put(name, id);
    used.add(id);
    return id;
  }

  private int free() {
    while (used.contains(next) || foundIds.contains(next)) {
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
      used.remove(e.getValue());
      return true;
    });
  }

  /** Forgets {@code names} (a deleted or changed Service's sets). */
  void release(Set<String> names) {
    for (String n : names) {
      Integer id = byName.remove(n);
      if (id != null) {
        used.remove(id);
      }
    }
  }

  /** After the first sync nothing is left to adopt. */
  void adopted() {
    found = Map.of();
    foundIds = Set.of();
  }
}

package dev.podnet.agent.proxy;

import dev.podnet.agent.proxy.Nftables.Element;
import dev.podnet.agent.proxy.RenderedService.Rules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elements several Services render alike ({@link ProxyNames#HAIRPIN}: one pair per endpoint IP,
 * whoever DNATs to it), counted by user, so a change adds an element only with its first user
 * and deletes it only with its last. The per-Service diff leaves these to this class.
 */
final class SharedElements {
  private final Map<String, Integer> refs = new HashMap<>();

  /** What to add and delete, and the counts once applied. */
  record Plan(List<Element> add, List<Element> delete, Map<String, Integer> next) {}

  static boolean shared(Element e) {
    return e.container().equals(ProxyNames.HAIRPIN);
  }

  /** The counts of exactly {@code all} (a full sync writes every element once). */
  Plan of(Collection<Rules> all) {
    return plan(new HashMap<>(), List.of(), all);
  }

  /** {@code removed} (as applied) replaced by {@code added}. */
  Plan after(Collection<Rules> removed, Collection<Rules> added) {
    return plan(new HashMap<>(refs), removed, added);
  }

  void commit(Plan p) {
    refs.clear();
    refs.putAll(p.next());
  }

  private static Plan plan(Map<String, Integer> counts, Collection<Rules> removed, Collection<Rules> added) {
    Map<String, Element> touched = new LinkedHashMap<>();
    Map<String, Integer> was = new HashMap<>();
    for (Rules r : removed) {
      for (Element e : r.elements()) {
        if (shared(e)) {
          String k = e.container() + " " + e.key();
          was.putIfAbsent(k, counts.getOrDefault(k, 0));
          touched.put(k, e);
          counts.merge(k, -1, Integer::sum);
        }
      }
    }
    for (Rules r : added) {
      for (Element e : r.elements()) {
        if (shared(e)) {
          String k = e.container() + " " + e.key();
          was.putIfAbsent(k, counts.getOrDefault(k, 0));
          touched.put(k, e);
          counts.merge(k, 1, Integer::sum);
        }
      }
    }
    List<Element> add = new ArrayList<>();
    List<Element> delete = new ArrayList<>();
    touched.forEach((k, e) -> {
      int now = counts.getOrDefault(k, 0);
      if (now <= 0) {
        counts.remove(k);
        if (was.get(k) > 0) {
          delete.add(e);
        }
      } else if (was.get(k) == 0) {
        add.add(e);
      }
    });
    return new Plan(add, delete, Map.copyOf(counts));
  }
}

package dev.podnet.agent.proxy;

import dev.podnet.agent.proxy.Nftables.Chain;
import dev.podnet.agent.proxy.Nftables.Element;
import dev.podnet.agent.proxy.RenderedService.Rules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What several Services render alike, counted by user, so a change adds it only with its first
 * user and deletes it only with its last: the {@link ProxyNames#HAIRPIN} pairs (one per endpoint
 * IP, whoever DNATs to it), the {@link ProxyNames#LOAD_BALANCER_IPS} (Services may share one) and the {@link Picks} chains (one per kind and endpoint count). The
 * per-Service diff leaves these to this class.
 */
final class SharedObjects {
  private final Map<String, Integer> refs = new HashMap<>();

  /** What to add and delete, and the counts once applied. */
  record Plan(List<Element> add, List<Element> delete, List<Chain> addChains, List<Chain> deleteChains, Map<String, Integer> next) {}

  static boolean shared(Element e) {
    return e.container().equals(ProxyNames.HAIRPIN) || e.container().equals(ProxyNames.LOAD_BALANCER_IPS);
  }

  static boolean shared(Chain c) {
    return Picks.isPick(c.name());
  }

  /** The counts of exactly {@code all} (a full sync writes every shared object once). */
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
    Map<String, Object> touched = new LinkedHashMap<>();
    Map<String, Integer> was = new HashMap<>();
    count(counts, was, touched, removed, -1);
    count(counts, was, touched, added, 1);
    List<Element> add = new ArrayList<>();
    List<Element> delete = new ArrayList<>();
    List<Chain> addChains = new ArrayList<>();
    List<Chain> deleteChains = new ArrayList<>();
    touched.forEach((k, o) -> {
      int now = counts.getOrDefault(k, 0);
      if (now <= 0) {
        counts.remove(k);
        if (was.get(k) > 0) {
          if (o instanceof Chain c) {
            deleteChains.add(c);
          } else {
            delete.add((Element) o);
          }
        }
      } else if (was.get(k) == 0) {
        if (o instanceof Chain c) {
          addChains.add(c);
        } else {
          add.add((Element) o);
        }
      }
    });
    return new Plan(add, delete, addChains, deleteChains, Map.copyOf(counts));
  }

  private static void count(Map<String, Integer> counts, Map<String, Integer> was, Map<String, Object> touched, Collection<Rules> rules,
      int delta) {
    for (Rules r : rules) {
      for (Element e : r.elements()) {
        if (shared(e)) {
          touch(counts, was, touched, e.container() + " " + e.key(), e, delta);
        }
      }
      for (Chain c : r.chains()) {
        if (shared(c)) {
          touch(counts, was, touched, "chain " + c.name(), c, delta);
        }
      }
    }
  }

  private static void touch(Map<String, Integer> counts, Map<String, Integer> was, Map<String, Object> touched, String key, Object o,
      int delta) {
    was.putIfAbsent(key, counts.getOrDefault(key, 0));
    touched.put(key, o);
    counts.merge(key, delta, Integer::sum);
  }
}

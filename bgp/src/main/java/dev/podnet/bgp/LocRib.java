package dev.podnet.bgp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every candidate path per prefix (this speaker's and each peer's Adj-RIB-In, after import) and
 * the best of them. Changes return the prefixes whose best path changed, for export and the
 * listener. Used only on the speaker's thread.
 */
final class LocRib {
  /** Key of this speaker's own paths among the candidates. */
  private static final String LOCAL = "local";

  private final Map<Prefix, Map<Object, Path>> candidates = new HashMap<>();
  private final Map<Prefix, Path> best = new HashMap<>();

  /** Adds or replaces {@code path}; returns true when the prefix's best path changed. */
  boolean put(Path path) {
    candidates.computeIfAbsent(path.prefix(), p -> new HashMap<>(4)).put(key(path.source().peer()), path);
    return select(path.prefix());
  }

  /** Removes the path {@code from} sent (empty: this speaker's); returns true when the best path changed. */
  boolean remove(Prefix prefix, Optional<InetAddress> from) {
    Map<Object, Path> c = candidates.get(prefix);
    if (c == null || c.remove(key(from)) == null) {
      return false;
    }
    if (c.isEmpty()) {
      candidates.remove(prefix);
    }
    return select(prefix);
  }

  private boolean select(Prefix prefix) {
    Map<Object, Path> c = candidates.get(prefix);
    Path now = c == null ? null : c.values().stream().min(Decision.BEST_FIRST).orElseThrow();
    Path before = now == null ? best.remove(prefix) : best.put(prefix, now);
    return !java.util.Objects.equals(before, now);
  }

  /** True when every prefix {@code peer} sent has another candidate: dropping the peer leaves nothing unreachable. */
  boolean othersCover(InetAddress peer) {
    return candidates.values().stream().noneMatch(c -> c.size() == 1 && c.containsKey(peer));
  }

  Optional<Path> best(Prefix prefix) {
    return Optional.ofNullable(best.get(prefix));
  }

  List<Path> bests() {
    return new ArrayList<>(best.values());
  }

  int size() {
    return best.size();
  }

  private static Object key(Optional<InetAddress> peer) {
    return peer.<Object>map(a -> a).orElse(LOCAL);
  }
}

package dev.podnet.agent.proxy;

import dev.podnet.agent.proxy.Nftables.Chain;
import dev.podnet.agent.proxy.Nftables.Container;
import dev.podnet.agent.proxy.Nftables.Element;
import dev.podnet.agent.proxy.RenderedService.Rules;
import java.util.Collection;
import java.util.List;

/**
 * A fingerprint of the whole rendered table that a sync can update from the Services it changed:
 * the skeleton's hash, plus the sum of one 64-bit hash per Service (order-free, so adding or
 * removing one Service is one addition or subtraction), plus the count. Written into the table
 * ({@link ProxyNames#STATE}) by every transaction, it tells a restarted proxy whether the table
 * already holds exactly what it would write. Accidental equality needs a 64-bit collision.
 */
final class Fingerprint {
  private final long base;
  private long sum;
  private int count;

  /** A value the table can carry; {@link #commit} it once the transaction that writes it is applied. */
  record Next(long sum, int count, String text) {}

  Fingerprint(ProxyConfig config) {
    this.base = hash(new Rules(BaseRules.chains(config), BaseRules.containers(config), List.of()));
  }

  /** The fingerprint of exactly {@code all}. */
  Next of(Collection<Rules> all) {
    return next(0, 0, List.of(), all);
  }

  /** The fingerprint once {@code removed} (as applied) are replaced by {@code added}. */
  Next after(Collection<Rules> removed, Collection<Rules> added) {
    return next(sum, count, removed, added);
  }

  void commit(Next n) {
    sum = n.sum();
    count = n.count();
  }

  /** The element that carries {@code n} in the table. */
  static Element element(Next n) {
    return new Element(ProxyNames.STATE, "0", "", n.text());
  }

  private Next next(long s, int c, Collection<Rules> removed, Collection<Rules> added) {
    for (Rules r : removed) {
      s -= hash(r);
      c--;
    }
    for (Rules r : added) {
      s += hash(r);
      c++;
    }
    return new Next(s, c, String.format("v1 %016x %016x %d", base, s, c));
  }

  /** FNV-1a over the Service's canonical text, then a SplitMix64 finalizer so sums mix well. */
  static long hash(Rules r) {
    long h = 0xcbf29ce484222325L;
    for (Chain c : r.chains()) {
      h = fnv(fnv(h, c.name()), c.hook());
      for (String rule : c.rules()) {
        h = fnv(h, rule);
      }
    }
    for (Container c : r.sets()) {
      h = fnv(fnv(fnv(h, c.kind()), c.name()), c.spec());
    }
    for (Element e : r.elements()) {
      h = fnv(fnv(fnv(fnv(h, e.container()), e.key()), e.value()), e.comment());
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  private static long fnv(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return (h ^ 0xff) * 0x100000001b3L;
  }
}

package dev.podnet.agent.proxy;

import dev.podnet.agent.proxy.Nftables.Chain;
import dev.podnet.agent.proxy.Nftables.Container;
import dev.podnet.agent.proxy.Nftables.Element;
import dev.podnet.agent.proxy.RenderedService.Rules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans one {@code nft -f} script. Sections keep references valid inside the batch: every chain
 * and set exists before a rule or element names it, and nothing is deleted while a rule or
 * element still points at it. Pure: text in, text out.
 */
final class Transaction {
  private final String table;
  private final StringBuilder declare = new StringBuilder();
  private final StringBuilder flushStale = new StringBuilder();
  private final Elements deleteElements = new Elements("delete");
  private final StringBuilder rules = new StringBuilder();
  private final Elements addElements = new Elements("add");
  private final StringBuilder deleteChains = new StringBuilder();
  private final StringBuilder deleteSets = new StringBuilder();
  private int changes;

  Transaction(IpFamily family) {
    this.table = family.nft + " " + ProxyNames.TABLE;
  }

  /**
   * Everything from scratch, in place: chains and maps are flushed and refilled in one batch, so
   * packets never see a gap and established connections (conntrack) are untouched. Affinity sets
   * are declared but not flushed: their client → endpoint memory survives a restart.
   * {@code existing} are the chain and set names the kernel has; those not wanted are removed.
   */
  static Transaction full(ProxyConfig config, Collection<Rules> services, Set<String> existing) {
    Transaction t = new Transaction(config.family());
    t.declare.append("add table ").append(t.table).append('\n');
    BaseRules.containers(config).forEach(c -> {
      t.declareContainer(c);
      t.line(t.declare, "flush " + c.kind() + " " + t.table + " " + c.name());
    });
    BaseRules.chains(config).forEach(c -> t.writeChain(c, existing.contains(c.name())));
    Map<String, Element> shared = new LinkedHashMap<>();
    Set<String> sharedChains = new HashSet<>();
    for (Rules r : services) {
      r.chains().stream().filter(c -> !SharedObjects.shared(c) || sharedChains.add(c.name()))
          .forEach(c -> t.writeChain(c, existing.contains(c.name())));
      r.sets().forEach(t::declareContainer);
      for (Element e : r.elements()) {
        if (SharedObjects.shared(e)) {
          shared.putIfAbsent(e.container() + " " + e.key(), e);
        } else {
          t.addElement(e);
        }
      }
    }
    shared.values().forEach(t::addElement);
    Set<String> wanted = ownedNames(config, services);
    for (String name : existing) {
      if (!wanted.contains(name)) {
        t.deleteStale(name);
      }
    }
    return t;
  }

  /** The chains and affinity sets a table holding exactly {@code services} has: what {@link NftListing#ownedNames} reads back. */
  static Set<String> ownedNames(ProxyConfig config, Collection<Rules> services) {
    Set<String> names = new HashSet<>();
    BaseRules.chains(config).forEach(c -> names.add(c.name()));
    for (Rules r : services) {
      r.chains().forEach(c -> names.add(c.name()));
      r.sets().forEach(c -> names.add(c.name()));
    }
    return names;
  }

  /** Records {@code next} in the table, in the same batch as the change it describes. */
  void state(Fingerprint.Next next) {
    line(flushStale, "flush set " + table + " " + ProxyNames.STATE);
    addElement(Fingerprint.element(next));
  }

  /** Rewrites what one Service owns, from what was applied ({@code before}) to {@code after}. */
  void service(Optional<Rules> before, Optional<Rules> after) {
    Rules old = before.orElse(new Rules(List.of(), List.of(), List.of()));
    Rules now = after.orElse(new Rules(List.of(), List.of(), List.of()));
    Set<String> oldChains = new HashSet<>();
    old.chains().forEach(c -> oldChains.add(c.name()));
    Set<String> newChains = new HashSet<>();
    now.chains().stream().filter(c -> !SharedObjects.shared(c)).forEach(c -> newChains.add(writeChain(c, oldChains.contains(c.name()))));
    old.chains().stream().filter(c -> !SharedObjects.shared(c) && !newChains.contains(c.name())).forEach(c -> deleteChain(c.name()));
    Set<String> newSets = new HashSet<>();
    now.sets().forEach(s -> newSets.add(s.name()));
    now.sets().stream().filter(s -> !old.sets().contains(s)).forEach(this::declareContainer);
    old.sets().stream().filter(s -> !newSets.contains(s.name())).forEach(s -> line(deleteSets, "delete set " + table + " " + s.name()));
    Set<Element> keep = new HashSet<>(now.elements());
    old.elements().stream().filter(e -> !keep.contains(e) && !SharedObjects.shared(e)).forEach(this::deleteElement);
    Set<Element> had = new HashSet<>(old.elements());
    now.elements().stream().filter(e -> !had.contains(e) && !SharedObjects.shared(e)).forEach(this::addElement);
  }

  /** The shared elements and chains whose first user came or last user went (see {@link SharedObjects}). */
  void shared(SharedObjects.Plan plan) {
    plan.delete().forEach(this::deleteElement);
    plan.add().forEach(this::addElement);
    plan.addChains().forEach(c -> writeChain(c, false));
    plan.deleteChains().forEach(c -> deleteChain(c.name()));
  }

  private void deleteChain(String name) {
    line(flushStale, "flush chain " + table + " " + name);
    line(deleteChains, "delete chain " + table + " " + name);
  }

  private void deleteElement(Element e) {
    deleteElements.add(e.container(), e.key());
    changes++;
  }

  boolean isEmpty() {
    return changes == 0;
  }

  /** Lines in {@link #script()} (besides {@code add table}), without scanning megabytes of text. */
  int lines() {
    return changes;
  }

  String script() {
    StringBuilder s = new StringBuilder().append(declare).append(flushStale);
    deleteElements.appendTo(s, table);
    s.append(rules);
    addElements.appendTo(s, table);
    return s.append(deleteChains).append(deleteSets).toString();
  }

  /** {@code exists}: the kernel has the chain, so its old rules are flushed first (a new one has none). */
  private String writeChain(Chain c, boolean exists) {
    line(declare, "add chain " + table + " " + c.name() + (c.hook().isEmpty() ? "" : " { " + c.hook() + " }"));
    if (exists) {
      line(declare, "flush chain " + table + " " + c.name());
    }
    c.rules().forEach(r -> line(rules, "add rule " + table + " " + c.name() + " " + r));
    return c.name();
  }

  private String declareContainer(Container c) {
    line(declare, "add " + c.kind() + " " + table + " " + c.name() + " { " + c.spec() + " }");
    return c.name();
  }

  private void addElement(Element e) {
    addElements.add(e.container(), e.text());
    changes++;
  }

  private void deleteStale(String name) {
    if (name.startsWith(ProxyNames.AFFINITY_PREFIX)) {
      line(deleteSets, "delete set " + table + " " + name);
    } else {
      deleteChain(name);
    }
  }

  private void line(StringBuilder section, String text) {
    section.append(text).append('\n');
    changes++;
  }

  /**
   * Element commands grouped by set, up to {@link #PER_COMMAND} per {@code add element} line: nft
   * evaluates a command at a time, and one command per element made a 10k-Service full sync
   * several times slower than the same elements in a few commands.
   */
  private static final class Elements {
    static final int PER_COMMAND = 1000;
    private final String verb;
    private final Map<String, List<String>> bySet = new LinkedHashMap<>();

    Elements(String verb) {
      this.verb = verb;
    }

    void add(String set, String text) {
      bySet.computeIfAbsent(set, k -> new java.util.ArrayList<>()).add(text);
    }

    void appendTo(StringBuilder out, String table) {
      bySet.forEach((set, texts) -> {
        for (int i = 0; i < texts.size(); i += PER_COMMAND) {
          out.append(verb).append(" element ").append(table).append(' ').append(set).append(" { ")
              .append(String.join(", ", texts.subList(i, Math.min(texts.size(), i + PER_COMMAND)))).append(" }\n");
        }
      });
    }
  }
}

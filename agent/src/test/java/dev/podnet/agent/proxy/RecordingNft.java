package dev.podnet.agent.proxy;

import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Nft;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records applied scripts and keeps what they declare: chain and set names and the state
 * element, listed as nft would. The full table listing is only a stub (its text is not modelled).
 */
final class RecordingNft implements Nft {
  private static final Pattern STATE = Pattern.compile("add element ip podnet state \\{ 0 comment (\"[^\"]*\") \\}");
  final List<String> scripts = new ArrayList<>();
  private final Set<String> chains = new LinkedHashSet<>();
  private final Set<String> sets = new LinkedHashSet<>();
  private Optional<String> state = Optional.empty();
  boolean tableExists;
  int lists;

  @Override
  public void apply(Netns netns, String script) {
    scripts.add(script);
    tableExists = true;
    for (String line : script.split("\n")) {
      String[] w = line.split(" ");
      if (w.length >= 5 && w[0].equals("add") && w[1].equals("chain")) {
        chains.add(w[4]);
      } else if (w.length >= 5 && w[0].equals("delete") && w[1].equals("chain")) {
        chains.remove(w[4]);
      } else if (w.length >= 5 && w[0].equals("add") && w[1].equals("set")) {
        sets.add(w[4]);
      } else if (w.length >= 5 && w[0].equals("delete") && w[1].equals("set")) {
        sets.remove(w[4]);
      }
      Matcher m = STATE.matcher(line);
      if (m.find()) {
        state = Optional.of(m.group(1));
      }
    }
  }

  @Override
  public Optional<String> list(Netns netns, String family, String table) {
    lists++;
    return tableExists ? Optional.of("table " + family + " " + table + " {\n}\n") : Optional.empty();
  }

  @Override
  public Optional<String> listTerse(Netns netns, String... words) {
    StringBuilder b = new StringBuilder();
    if (tableExists) {
      boolean ofChains = words[0].equals("chains");
      b.append("table ip podnet {\n");
      (ofChains ? chains : sets).forEach(n -> b.append('\t').append(ofChains ? "chain " : "set ").append(n).append(" {\n\t}\n"));
      b.append("}\n");
    }
    return Optional.of(b.toString());
  }

  @Override
  public Optional<String> listObject(Netns netns, String... words) {
    if (!tableExists) {
      return Optional.empty();
    }
    return Optional.of("table ip podnet {\n\tset state {\n\t\ttype inet_service\n"
        + state.map(s -> "\t\telements = { 0 comment " + s + " }\n").orElse("") + "\t}\n}\n");
  }

  @Override
  public void deleteTable(Netns netns, String family, String table) {
    tableExists = false;
    chains.clear();
    sets.clear();
    state = Optional.empty();
  }

  String last() {
    return scripts.get(scripts.size() - 1);
  }
}

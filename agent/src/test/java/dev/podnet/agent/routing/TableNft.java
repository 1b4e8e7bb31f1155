package dev.podnet.agent.routing;

import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Nft;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stateful nft for base chains with rules: applies {@code add table}, {@code flush table},
 * {@code add chain} (with its hook spec) and {@code add rule} lines, and lists a table the way
 * {@code nft list table} prints it. Enough for tables that hold only hooked chains.
 */
final class TableNft implements Nft {
  final List<String> scripts = new ArrayList<>();
  /** "family table" -> chain -> {hook line, rules...}. */
  private final Map<String, Map<String, List<String>>> tables = new LinkedHashMap<>();

  @Override
  public void apply(Netns netns, String script) {
    scripts.add(script);
    for (String line : script.split("\n")) {
      String[] w = line.split(" ", 6);
      String key = w[2] + " " + w[3];
      switch (w[0] + " " + w[1]) {
        case "add table" -> tables.putIfAbsent(key, new LinkedHashMap<>());
        case "flush table" -> tables.get(key).clear();
        case "add chain" -> tables.get(key).put(w[4], new ArrayList<>(List.of(w[5].replaceAll("^\\{ | ; \\}$", "").replace(" ; ", "; ") + ";")));
        case "add rule" -> tables.get(key).get(w[4]).add(w[5]);
        default -> throw new IllegalArgumentException("TableNft does not model: " + line);
      }
    }
  }

  @Override
  public Optional<String> list(Netns netns, String family, String table) {
    Map<String, List<String>> chains = tables.get(family + " " + table);
    if (chains == null) {
      return Optional.empty();
    }
    List<String> blocks = new ArrayList<>();
    chains.forEach((name, lines) -> blocks.add("\tchain " + name + " {\n" + String.join("", lines.stream().map(l -> "\t\t" + l + "\n").toList()) + "\t}\n"));
    return Optional.of("table " + family + " " + table + " {\n" + String.join("\n", blocks) + "}\n");
  }

  @Override
  public Optional<String> listTerse(Netns netns, String... words) {
    throw new UnsupportedOperationException("not modelled");
  }

  @Override
  public Optional<String> listObject(Netns netns, String... words) {
    throw new UnsupportedOperationException("not modelled");
  }

  @Override
  public void deleteTable(Netns netns, String family, String table) {
    tables.remove(family + " " + table);
  }
}

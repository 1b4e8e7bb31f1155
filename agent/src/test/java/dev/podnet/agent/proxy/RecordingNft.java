package dev.podnet.agent.proxy;

import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Nft;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Records applied scripts; lists a table that exists once something was applied (text is the scripts). */
final class RecordingNft implements Nft {
  final List<String> scripts = new ArrayList<>();
  boolean tableExists;
  int lists;

  @Override
  public void apply(Netns netns, String script) {
    scripts.add(script);
    tableExists = true;
  }

  @Override
  public Optional<String> list(Netns netns, String family, String table) {
    lists++;
    return tableExists ? Optional.of("table " + family + " " + table + " {\n}\n") : Optional.empty();
  }

  @Override
  public void deleteTable(Netns netns, String family, String table) {
    tableExists = false;
  }

  String last() {
    return scripts.get(scripts.size() - 1);
  }
}

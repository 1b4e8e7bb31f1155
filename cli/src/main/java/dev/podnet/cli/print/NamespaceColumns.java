package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** {@code NAME STATUS AGE}; wide adds nothing, as in kubectl. */
final class NamespaceColumns implements Columns {

  @Override
  public List<String> headers(boolean wide) {
    return List.of("NAME", "STATUS", "AGE");
  }

  @Override
  public List<String> cells(JsonNode ns, Instant now, boolean wide) {
    return List.of(ns.path("metadata").path("name").asText(), Columns.text(ns.path("status").path("phase"), "Active"), Columns.age(ns, now));
  }
}

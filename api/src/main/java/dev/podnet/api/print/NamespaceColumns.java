package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** {@code NAME STATUS AGE}; wide adds nothing, as in kubectl. */
final class NamespaceColumns implements Columns {

  private static final List<Column> COLUMNS = List.of(Column.NAME, Column.of("Status", "The status of the namespace"), Column.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<String> cells(JsonNode ns, Instant now) {
    return List.of(ns.path("metadata").path("name").asText(), Columns.text(ns.path("status").path("phase"), "Active"), Columns.age(ns, now));
  }
}

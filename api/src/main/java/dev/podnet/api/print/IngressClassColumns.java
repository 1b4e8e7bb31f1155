package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** {@code NAME CONTROLLER PARAMETERS AGE}, as kubectl's printIngressClass. */
final class IngressClassColumns implements Columns {
  private static final List<Column> COLUMNS = List.of(Column.NAME,
      Column.of("Controller", "Controller that is responsible for handling this class"),
      Column.of("Parameters", "A reference to a resource with additional parameters"),
      Column.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<String> cells(JsonNode c, Instant now) {
    JsonNode spec = c.path("spec");
    return List.of(c.path("metadata").path("name").asText(), spec.path("controller").asText(""), parameters(spec.path("parameters")),
        Columns.age(c, now));
  }

  /** {@code Kind.group/name}, or {@code <none>}. */
  private static String parameters(JsonNode p) {
    if (p.isMissingNode() || p.isNull()) {
      return "<none>";
    }
    String group = p.path("apiGroup").asText("");
    return p.path("kind").asText("") + (group.isEmpty() ? "" : "." + group) + "/" + p.path("name").asText("");
  }
}

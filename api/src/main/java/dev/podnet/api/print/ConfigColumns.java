package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * ConfigMaps ({@code NAME DATA AGE}), Secrets ({@code NAME TYPE DATA AGE}) and ServiceAccounts
 * ({@code NAME SECRETS AGE}): a name, what kind of data, and how many entries.
 */
enum ConfigColumns implements Columns {
  CONFIG_MAP(List.of(Column.NAME, Column.of("Data", "Number of data entries in the ConfigMap."), Column.AGE)) {
    @Override
    public List<String> cells(JsonNode cm, Instant now) {
      return List.of(nameOf(cm), String.valueOf(cm.path("data").size() + cm.path("binaryData").size()), Columns.age(cm, now));
    }
  },
  SECRET(List.of(Column.NAME, Column.of("Type", "The type of the secret"), Column.of("Data", "The number of data entries in the secret"),
      Column.AGE)) {
    @Override
    public List<String> cells(JsonNode s, Instant now) {
      return List.of(nameOf(s), Columns.text(s.path("type"), "Opaque"), String.valueOf(s.path("data").size()), Columns.age(s, now));
    }
  },
  SERVICE_ACCOUNT(List.of(Column.NAME, Column.of("Secrets", "The secrets pods running as this ServiceAccount may use."), Column.AGE)) {
    @Override
    public List<String> cells(JsonNode sa, Instant now) {
      return List.of(nameOf(sa), String.valueOf(sa.path("secrets").size()), Columns.age(sa, now));
    }
  };

  private final List<Column> columns;

  ConfigColumns(List<Column> columns) {
    this.columns = columns;
  }

  @Override
  public List<Column> columns() {
    return columns;
  }

  private static String nameOf(JsonNode o) {
    return o.path("metadata").path("name").asText();
  }
}

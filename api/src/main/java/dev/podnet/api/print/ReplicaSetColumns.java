package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** {@code NAME DESIRED CURRENT READY AGE}, wide: {@code + CONTAINERS IMAGES SELECTOR}. */
final class ReplicaSetColumns implements Columns {
  private static final List<Column> COLUMNS = List.of(Column.NAME,
      Column.of("Desired", "Number of desired pods."),
      Column.of("Current", "Number of actual replicas."),
      Column.of("Ready", "The number of ready replicas."),
      Column.AGE,
      Column.wide("Containers", "Names of each container in the template."),
      Column.wide("Images", "Images referenced by each container in the template."),
      Column.wide("Selector", "Label selector for pods."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<String> cells(JsonNode rs, Instant now) {
    JsonNode containers = rs.path("spec").path("template").path("spec").path("containers");
    return List.of(rs.path("metadata").path("name").asText(), String.valueOf(rs.path("spec").path("replicas").asInt(1)),
        String.valueOf(rs.path("status").path("replicas").asInt()), String.valueOf(rs.path("status").path("readyReplicas").asInt()),
        Columns.age(rs, now), DeploymentColumns.join(containers, "name"), DeploymentColumns.join(containers, "image"),
        DeploymentColumns.selector(rs.path("spec").path("selector")));
  }
}

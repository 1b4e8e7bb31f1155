package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.LabelSelector;
import dev.podnet.api.Json;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** {@code NAME READY UP-TO-DATE AVAILABLE AGE}, wide: {@code + CONTAINERS IMAGES SELECTOR}. */
final class DeploymentColumns implements Columns {

  private static final List<Column> COLUMNS = List.of(Column.NAME,
      Column.of("Ready", "Number of the pod with ready state"),
      Column.of("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
      Column.of("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
      Column.AGE,
      Column.wide("Containers", "Names of each container in the template."),
      Column.wide("Images", "Images referenced by each container in the template."),
      Column.wide("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this "
          + "deployment."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<String> cells(JsonNode d, Instant now) {
    JsonNode status = d.path("status");
    JsonNode containers = d.path("spec").path("template").path("spec").path("containers");
    return List.of(d.path("metadata").path("name").asText(), status.path("readyReplicas").asInt() + "/" + d.path("spec").path("replicas").asInt(1),
        String.valueOf(status.path("updatedReplicas").asInt()), String.valueOf(status.path("availableReplicas").asInt()), Columns.age(d, now),
        join(containers, "name"), join(containers, "image"), selector(d.path("spec").path("selector")));
  }

  static String join(JsonNode containers, String field) {
    return StreamSupport.stream(containers.spliterator(), false).map(x -> x.path(field).asText()).collect(Collectors.joining(","));
  }

  static String selector(JsonNode selector) {
    if (selector.isMissingNode() || selector.isNull()) {
      return "<none>";
    }
    String text = LabelSelector.of(Json.mapper().convertValue(selector, io.fabric8.kubernetes.api.model.LabelSelector.class)).toString();
    return text.isEmpty() ? "<none>" : text;
  }
}

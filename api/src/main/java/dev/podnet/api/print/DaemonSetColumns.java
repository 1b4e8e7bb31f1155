package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE}, wide: {@code + CONTAINERS
 * IMAGES SELECTOR}: the counts come from the status a DaemonSet controller writes (zeros without one).
 */
final class DaemonSetColumns implements Columns {

  private static final List<Column> COLUMNS = List.of(Column.NAME,
      Column.of("Desired", "The total number of nodes that should be running the daemon pod."),
      Column.of("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
      Column.of("Ready", "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod "
          + "running with a Ready Condition."),
      Column.of("Up-to-date", "The total number of nodes that are running updated daemon pod"),
      Column.of("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and "
          + "available (ready for at least spec.minReadySeconds)"),
      Column.of("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node."),
      Column.AGE,
      Column.wide("Containers", "Names of each container in the template."),
      Column.wide("Images", "Images referenced by each container in the template."),
      Column.wide("Selector", "A label query over pods that are managed by the daemon set."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<String> cells(JsonNode ds, Instant now) {
    JsonNode status = ds.path("status");
    JsonNode podSpec = ds.path("spec").path("template").path("spec");
    JsonNode containers = podSpec.path("containers");
    return List.of(ds.path("metadata").path("name").asText(), count(status, "desiredNumberScheduled"), count(status, "currentNumberScheduled"),
        count(status, "numberReady"), count(status, "updatedNumberScheduled"), count(status, "numberAvailable"),
        nodeSelector(podSpec.path("nodeSelector")), Columns.age(ds, now), DeploymentColumns.join(containers, "name"),
        DeploymentColumns.join(containers, "image"), DeploymentColumns.selector(ds.path("spec").path("selector")));
  }

  private static String count(JsonNode status, String field) {
    return String.valueOf(status.path(field).asInt());
  }

  /** {@code k=v,k2=v2} sorted by key, as labels.FormatLabels prints a map. */
  private static String nodeSelector(JsonNode selector) {
    Map<String, String> sorted = new TreeMap<>();
    selector.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
    return sorted.isEmpty() ? "<none>" : sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }
}

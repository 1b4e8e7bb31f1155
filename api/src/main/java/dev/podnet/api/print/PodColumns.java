package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** {@code NAME READY STATUS RESTARTS AGE}, wide: {@code + IP NODE NOMINATED NODE READINESS GATES}. */
final class PodColumns implements Columns {

  private static final List<Column> COLUMNS = List.of(Column.NAME,
      Column.of("Ready", "The aggregate readiness state of this pod for accepting traffic."),
      Column.of("Status", "The aggregate status of the containers in this pod."),
      Column.of("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has "
          + "restarted."),
      Column.AGE,
      Column.wide("IP", "IP address allocated to the pod."),
      Column.wide("Node", "Name of the node assigned to this pod."),
      Column.wide("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node."),
      Column.wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<String> cells(JsonNode pod, Instant now) {
    PodStatus s = PodStatus.of(pod);
    return List.of(pod.path("metadata").path("name").asText(), s.readyColumn(), s.status(), s.restartsColumn(now), Columns.age(pod, now),
        Columns.text(pod.path("status").path("podIP"), "<none>"), Columns.text(pod.path("spec").path("nodeName"), "<none>"),
        Columns.text(pod.path("status").path("nominatedNodeName"), "<none>"), "<none>");
  }
}

package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.print.Age;
import dev.podnet.api.print.Columns;
import java.time.Clock;
import java.util.List;

/** {@code podnet describe pod}: kubectl's layout, for the fields podnet's pods have. */
public final class PodDescription {
  private PodDescription() {}

  /** {@code events}: the pod's Events, for the table at the end. */
  public static String of(JsonNode pod, List<JsonNode> events, Clock clock) {
    Description d = new Description(clock);
    JsonNode meta = pod.path("metadata");
    JsonNode spec = pod.path("spec");
    JsonNode status = pod.path("status");
    d.field(0, "Name", meta.path("name").asText()).field(0, "Namespace", meta.path("namespace").asText());
    if (spec.has("serviceAccountName")) {
      d.field(0, "Service Account", spec.path("serviceAccountName").asText());
    }
    String node = spec.path("nodeName").asText("");
    d.field(0, "Node", node.isEmpty() ? "<none>" : node + (status.has("hostIP") ? "/" + status.path("hostIP").asText() : ""));
    if (status.has("startTime")) {
      d.field(0, "Start Time", d.time(status.path("startTime")));
    }
    d.pairs(0, "Labels", meta.path("labels"), "=").pairs(0, "Annotations", meta.path("annotations"), ": ");
    d.field(0, "Status", meta.has("deletionTimestamp") ? "Terminating (lasts " + Age.since(meta.path("deletionTimestamp").asText(), d.now())
        + ")" : Columns.text(status.path("phase"), "Pending"));
    optional(d, "Reason", status.path("reason"));
    optional(d, "Message", status.path("message"));
    d.field(0, "IP", status.path("podIP").asText(""));
    d.heading(0, "IPs:");
    if (status.path("podIPs").isEmpty()) {
      d.heading(1, "<none>");
    }
    status.path("podIPs").forEach(ip -> d.field(1, "IP", ip.path("ip").asText()));
    JsonNode owner = meta.path("ownerReferences").path(0);
    if (!owner.isMissingNode()) {
      d.field(0, "Controlled By", owner.path("kind").asText() + "/" + owner.path("name").asText());
    }
    d.heading(0, "Containers:");
    ContainerDescription.describe(d, 1, spec.path("containers"), status.path("containerStatuses").isMissingNode()
        ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode() : status.path("containerStatuses"));
    conditions(d, status.path("conditions"));
    EventsDescription.describe(d, events);
    return d.render();
  }

  private static void conditions(Description d, JsonNode conditions) {
    d.heading(0, "Conditions:");
    d.row(1, List.of("Type", "Status"));
    conditions.forEach(c -> d.row(1, List.of(c.path("type").asText() + " ", c.path("status").asText() + " ")));
  }

  private static void optional(Description d, String label, JsonNode value) {
    if (!value.asText("").isEmpty()) {
      d.field(0, label, value.asText());
    }
  }
}

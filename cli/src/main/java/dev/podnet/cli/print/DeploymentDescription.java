package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.podnet.api.print.Columns;
import java.time.Clock;
import java.util.List;

/** {@code podnet describe deployment}: kubectl's layout. */
public final class DeploymentDescription {
  private DeploymentDescription() {}

  public static String of(JsonNode deployment, Clock clock) {
    Description d = new Description(clock);
    JsonNode meta = deployment.path("metadata");
    JsonNode spec = deployment.path("spec");
    JsonNode status = deployment.path("status");
    d.field(0, "Name", meta.path("name").asText()).field(0, "Namespace", meta.path("namespace").asText())
        .field(0, "CreationTimestamp", d.time(meta.path("creationTimestamp")))
        .pairs(0, "Labels", meta.path("labels"), "=").pairs(0, "Annotations", meta.path("annotations"), ": ")
        .field(0, "Selector", selector(spec.path("selector")));
    int replicas = spec.path("replicas").asInt(1);
    d.field(0, "Replicas", replicas + " desired | " + status.path("updatedReplicas").asInt() + " updated | " + status.path("replicas").asInt()
        + " total | " + status.path("availableReplicas").asInt() + " available | " + status.path("unavailableReplicas").asInt() + " unavailable");
    JsonNode strategy = spec.path("strategy");
    d.field(0, "StrategyType", Columns.text(strategy.path("type"), "RollingUpdate"))
        .field(0, "MinReadySeconds", String.valueOf(spec.path("minReadySeconds").asInt()));
    if (strategy.has("rollingUpdate")) {
      JsonNode r = strategy.path("rollingUpdate");
      d.field(0, "RollingUpdateStrategy", r.path("maxUnavailable").asText("25%") + " max unavailable, " + r.path("maxSurge").asText("25%") + " max surge");
    }
    JsonNode template = spec.path("template");
    d.heading(0, "Pod Template:");
    d.pairs(1, "Labels", template.path("metadata").path("labels"), "=");
    d.heading(1, "Containers:");
    ContainerDescription.describe(d, 2, template.path("spec").path("containers"), MissingNode.getInstance());
    d.heading(0, "Conditions:");
    d.row(1, List.of("Type", "Status", "Reason")).row(1, List.of("----", "------", "------"));
    status.path("conditions").forEach(c -> d.row(1, List.of(c.path("type").asText(), c.path("status").asText(), c.path("reason").asText(""))));
    return d.render();
  }

  private static String selector(JsonNode selector) {
    StringBuilder b = new StringBuilder();
    selector.path("matchLabels").fields().forEachRemaining(e -> b.append(b.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue().asText()));
    return b.length() == 0 ? "<none>" : b.toString();
  }
}

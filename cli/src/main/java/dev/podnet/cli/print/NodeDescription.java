package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.print.Columns;
import dev.podnet.api.print.NodeColumns;
import java.time.Clock;
import java.util.List;

/** {@code podnet describe node}: kubectl's layout, with the node's pods listed as kubectl lists them. */
public final class NodeDescription {
  private NodeDescription() {}

  /**
   * @param pods the pods bound to this node
   */
  public static String of(JsonNode node, List<JsonNode> pods, Clock clock) {
    return of(node, pods, java.util.Optional.empty(), clock);
  }

  /**
   * @param pods the pods bound to this node
   * @param bgp  the node's BGPStatus, when it routes with BGP: its sessions follow the pods
   */
  public static String of(JsonNode node, List<JsonNode> pods, java.util.Optional<JsonNode> bgp, Clock clock) {
    Description d = new Description(clock);
    JsonNode meta = node.path("metadata");
    JsonNode spec = node.path("spec");
    JsonNode status = node.path("status");
    d.field(0, "Name", meta.path("name").asText()).field(0, "Roles", new NodeColumns().cells(node, d.now(), false).get(2))
        .pairs(0, "Labels", meta.path("labels"), "=").pairs(0, "Annotations", meta.path("annotations"), ": ")
        .field(0, "CreationTimestamp", d.time(meta.path("creationTimestamp")))
        .field(0, "Unschedulable", String.valueOf(spec.path("unschedulable").asBoolean()));
    d.heading(0, "Conditions:");
    d.row(1, List.of("Type", "Status", "LastHeartbeatTime", "LastTransitionTime", "Reason", "Message"))
        .row(1, List.of("----", "------", "-----------------", "------------------", "------", "-------"));
    for (JsonNode c : status.path("conditions")) {
      d.row(1, List.of(c.path("type").asText(), c.path("status").asText(), d.time(c.path("lastHeartbeatTime")), d.time(c.path("lastTransitionTime")),
          c.path("reason").asText(""), c.path("message").asText("")));
    }
    d.heading(0, "Addresses:");
    status.path("addresses").forEach(a -> d.field(1, a.path("type").asText(), a.path("address").asText()));
    JsonNode info = status.path("nodeInfo");
    if (info.size() > 0) {
      d.heading(0, "System Info:");
      info.fields().forEachRemaining(e -> d.field(1, e.getKey(), e.getValue().asText()));
    }
    d.field(0, "PodCIDR", spec.path("podCIDR").asText("<none>"));
    StringBuilder cidrs = new StringBuilder();
    spec.path("podCIDRs").forEach(c -> cidrs.append(cidrs.length() == 0 ? "" : ",").append(c.asText()));
    d.field(0, "PodCIDRs", cidrs.length() == 0 ? "<none>" : cidrs.toString());
    d.field(0, "Non-terminated Pods", "(" + pods.size() + " in total)");
    d.row(1, List.of("Namespace", "Name", "Age")).row(1, List.of("---------", "----", "---"));
    pods.forEach(p -> d.row(1, List.of(p.path("metadata").path("namespace").asText(), p.path("metadata").path("name").asText(), Columns.age(p, d.now()))));
    bgp.ifPresent(s -> {
      d.heading(0, "BGP Sessions:");
      d.row(1, BgpSessionsTable.HEADERS).row(1, BgpSessionsTable.HEADERS.stream().map(h -> "-".repeat(h.length())).toList());
      BgpSessionsTable.rows(s, d.now()).forEach(r -> d.row(1, r));
    });
    return d.render();
  }
}

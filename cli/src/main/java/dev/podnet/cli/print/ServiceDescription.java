package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.print.Columns;
import dev.podnet.api.print.EndpointSliceColumns;
import dev.podnet.api.print.ServiceColumns;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** {@code podnet describe service}: kubectl's layout, endpoints read from the Service's EndpointSlices. */
public final class ServiceDescription {
  private ServiceDescription() {}

  /** {@code events}: the Service's Events (allocation, and which node announces its LoadBalancer IP), for the table at the end. */
  public static String of(JsonNode svc, List<JsonNode> slices, List<JsonNode> events, Clock clock) {
    Description d = new Description(clock);
    JsonNode meta = svc.path("metadata");
    JsonNode spec = svc.path("spec");
    d.field(0, "Name", meta.path("name").asText()).field(0, "Namespace", meta.path("namespace").asText())
        .pairs(0, "Labels", meta.path("labels"), "=").pairs(0, "Annotations", meta.path("annotations"), ": ")
        .field(0, "Selector", ServiceColumns.selector(spec.path("selector"))).field(0, "Type", Columns.text(spec.path("type"), "ClusterIP"));
    if (spec.has("ipFamilyPolicy")) {
      d.field(0, "IP Family Policy", spec.path("ipFamilyPolicy").asText()).field(0, "IP Families", String.join(",", ServiceColumns.texts(spec.path("ipFamilies"))));
    }
    d.field(0, "IP", Columns.text(spec.path("clusterIP"), "<none>"));
    if (spec.has("externalIPs")) {
      d.field(0, "External IPs", String.join(",", ServiceColumns.texts(spec.path("externalIPs"))));
    }
    List<String> ingress = new ArrayList<>();
    svc.path("status").path("loadBalancer").path("ingress").forEach(i -> ingress.add(Columns.text(i.path("ip"), i.path("hostname").asText())
        + (i.has("ipMode") ? " (" + i.path("ipMode").asText() + ")" : "")));
    if (!ingress.isEmpty()) {
      d.field(0, "LoadBalancer Ingress", String.join(", ", ingress));
    }
    if (spec.has("externalName")) {
      d.field(0, "External Name", spec.path("externalName").asText());
    }
    for (JsonNode p : spec.path("ports")) {
      String name = Columns.text(p.path("name"), "<unset>");
      String protocol = Columns.text(p.path("protocol"), "TCP");
      d.field(0, "Port", name + "  " + p.path("port").asInt() + "/" + protocol);
      d.field(0, "TargetPort", Columns.text(p.path("targetPort"), p.path("port").asText()) + "/" + protocol);
      if (p.path("nodePort").asInt(0) != 0) {
        d.field(0, "NodePort", name + "  " + p.path("nodePort").asInt() + "/" + protocol);
      }
      d.field(0, "Endpoints", endpoints(slices, p.path("name").asText("")));
    }
    d.field(0, "Session Affinity", Columns.text(spec.path("sessionAffinity"), "None"));
    if (spec.has("externalTrafficPolicy")) {
      d.field(0, "External Traffic Policy", spec.path("externalTrafficPolicy").asText());
    }
    if (spec.path("healthCheckNodePort").asInt(0) != 0) {
      d.field(0, "HealthCheck NodePort", spec.path("healthCheckNodePort").asText());
    }
    EventsDescription.describe(d, events);
    return d.render();
  }

  /** The ready endpoints of the port named {@code portName}, as {@code ip:port}, abbreviated as kubectl does. */
  private static String endpoints(List<JsonNode> slices, String portName) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : slices) {
      for (JsonNode port : s.path("ports")) {
        if (!port.path("name").asText("").equals(portName)) {
          continue;
        }
        s.path("endpoints").forEach(e -> {
          if (e.path("conditions").path("ready").asBoolean(true)) {
            e.path("addresses").forEach(a -> out.add(a.asText() + ":" + port.path("port").asInt()));
          }
        });
      }
    }
    return out.isEmpty() ? "<none>" : EndpointSliceColumns.abbreviated(out);
  }
}

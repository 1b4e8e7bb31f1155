package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** {@code NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE}, wide: {@code + SELECTOR}. */
public final class ServiceColumns implements Columns {
  private static final List<Column> COLUMNS = List.of(Column.NAME,
      Column.of("Type", "The type of the service."),
      Column.of("Cluster-IP", "The cluster IP of the service."),
      Column.of("External-IP", "The external IP of the service."),
      Column.of("Port(s)", "The ports of the service."),
      Column.AGE,
      Column.wide("Selector", "Route service traffic to pods with label keys and values matching this selector."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<String> cells(JsonNode svc, Instant now) {
    JsonNode spec = svc.path("spec");
    String type = Columns.text(spec.path("type"), "ClusterIP");
    return List.of(svc.path("metadata").path("name").asText(), type, Columns.text(spec.path("clusterIP"), "<none>"), externalIp(type, svc),
        ports(spec.path("ports")), Columns.age(svc, now), selector(spec.path("selector")));
  }

  /** As kubectl's getServiceExternalIP: a LoadBalancer's ingress addresses, <pending> until it has one. */
  private static String externalIp(String type, JsonNode svc) {
    List<String> ips = new ArrayList<>(texts(svc.path("spec").path("externalIPs")));
    if (type.equals("ExternalName")) {
      return Columns.text(svc.path("spec").path("externalName"), "<none>");
    }
    if (type.equals("LoadBalancer")) {
      svc.path("status").path("loadBalancer").path("ingress").forEach(i -> ips.add(Columns.text(i.path("ip"), i.path("hostname").asText())));
      return ips.isEmpty() ? "<pending>" : String.join(",", ips);
    }
    return ips.isEmpty() ? "<none>" : String.join(",", ips);
  }

  /** {@code 80/TCP}, {@code 80:30080/TCP}, {@code 53/UDP,53/TCP}; {@code <none>} for a headless Service without ports. */
  public static String ports(JsonNode ports) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : ports) {
      int nodePort = p.path("nodePort").asInt(0);
      out.add(p.path("port").asInt() + (nodePort == 0 ? "" : ":" + nodePort) + "/" + Columns.text(p.path("protocol"), "TCP"));
    }
    return out.isEmpty() ? "<none>" : String.join(",", out);
  }

  public static String selector(JsonNode selector) {
    TreeMap<String, String> sorted = new TreeMap<>();
    selector.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
    return sorted.isEmpty() ? "<none>" : sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  public static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}

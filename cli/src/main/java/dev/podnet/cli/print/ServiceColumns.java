package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** {@code NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE}, wide: {@code + SELECTOR}. */
final class ServiceColumns implements Columns {

  @Override
  public List<String> headers(boolean wide) {
    List<String> h = new ArrayList<>(List.of("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"));
    if (wide) {
      h.add("SELECTOR");
    }
    return h;
  }

  @Override
  public List<String> cells(JsonNode svc, Instant now, boolean wide) {
    JsonNode spec = svc.path("spec");
    String type = Columns.text(spec.path("type"), "ClusterIP");
    List<String> c = new ArrayList<>(List.of(svc.path("metadata").path("name").asText(), type,
        Columns.text(spec.path("clusterIP"), "<none>"), externalIp(type, svc), ports(spec.path("ports")), Columns.age(svc, now)));
    if (wide) {
      c.add(selector(spec.path("selector")));
    }
    return c;
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
  static String ports(JsonNode ports) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : ports) {
      int nodePort = p.path("nodePort").asInt(0);
      out.add(p.path("port").asInt() + (nodePort == 0 ? "" : ":" + nodePort) + "/" + Columns.text(p.path("protocol"), "TCP"));
    }
    return out.isEmpty() ? "<none>" : String.join(",", out);
  }

  static String selector(JsonNode selector) {
    TreeMap<String, String> sorted = new TreeMap<>();
    selector.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
    return sorted.isEmpty() ? "<none>" : sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}

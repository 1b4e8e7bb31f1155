package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code NAME CLASS HOSTS ADDRESS PORTS AGE}, as kubectl's printIngress. */
final class IngressColumns implements Columns {
  private static final int MAX_HOSTS = 3;
  private static final int ADDRESS_WIDTH = 16;
  private static final List<Column> COLUMNS = List.of(Column.NAME,
      Column.of("Class", "The name of the IngressClass resource that should be used for ingress."),
      Column.of("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
      Column.of("Address", "Address is a list containing ingress points for the load-balancer"),
      Column.of("Ports", "Ports of TLS configurations that open"),
      Column.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<String> cells(JsonNode ing, Instant now) {
    JsonNode spec = ing.path("spec");
    String ports = spec.path("tls").size() > 0 ? "80, 443" : "80";
    return List.of(ing.path("metadata").path("name").asText(), Columns.text(spec.path("ingressClassName"), "<none>"), hosts(spec.path("rules")),
        address(ing.path("status").path("loadBalancer").path("ingress")), ports, Columns.age(ing, now));
  }

  /** The first three hosts, {@code *} when no rule names one, then how many rules were left out. */
  static String hosts(JsonNode rules) {
    List<String> shown = new ArrayList<>();
    boolean more = false;
    for (JsonNode rule : rules) {
      if (shown.size() == MAX_HOSTS) {
        more = true;
      }
      String host = rule.path("host").asText("");
      if (!more && !host.isEmpty()) {
        shown.add(host);
      }
    }
    String text = shown.isEmpty() ? "*" : String.join(",", shown);
    return more ? text + " + " + (rules.size() - MAX_HOSTS) + " more..." : text;
  }

  /** The load balancer's addresses, cut to 16 characters as kubectl does outside -o wide. */
  static String address(JsonNode ingress) {
    java.util.TreeSet<String> out = new java.util.TreeSet<>(); // kubectl prints a sorted set
    ingress.forEach(i -> out.add(Columns.text(i.path("ip"), i.path("hostname").asText(""))));
    String text = String.join(",", out);
    return text.length() > ADDRESS_WIDTH ? text.substring(0, ADDRESS_WIDTH - 3) + "..." : text;
  }
}

package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** {@code NAME STATUS ROLES AGE VERSION}, wide: {@code + INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME}. */
public final class NodeColumns implements Columns {
  private static final String ROLE_LABEL = "node-role.kubernetes.io/";

  private static final List<Column> COLUMNS = List.of(Column.NAME,
      Column.of("Status", "The status of the node"),
      Column.of("Roles", "The roles of the node"),
      Column.AGE,
      Column.of("Version", "Kubelet Version reported by the node."),
      Column.wide("Internal-IP", "List of addresses reachable to the node. Queried from cloud provider, if available."),
      Column.wide("External-IP", "List of addresses reachable to the node. Queried from cloud provider, if available."),
      Column.wide("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
      Column.wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
      Column.wide("Container-Runtime", "Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2)."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<String> cells(JsonNode node, Instant now) {
    JsonNode info = node.path("status").path("nodeInfo");
    return List.of(node.path("metadata").path("name").asText(), status(node), roles(node), Columns.age(node, now),
        info.path("kubeletVersion").asText(""), address(node, "InternalIP"), address(node, "ExternalIP"),
        Columns.text(info.path("osImage"), "<unknown>"), Columns.text(info.path("kernelVersion"), "<unknown>"),
        Columns.text(info.path("containerRuntimeVersion"), "<unknown>"));
  }

  /** {@code Ready}, {@code NotReady} or {@code Unknown}, with {@code ,SchedulingDisabled} when cordoned. */
  public static String status(JsonNode node) {
    String status = "Unknown";
    for (JsonNode c : node.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        String s = c.path("status").asText();
        status = "True".equals(s) ? "Ready" : "False".equals(s) ? "NotReady" : "Unknown";
      }
    }
    return node.path("spec").path("unschedulable").asBoolean() ? status + ",SchedulingDisabled" : status;
  }

  static String address(JsonNode node, String type) {
    for (JsonNode a : node.path("status").path("addresses")) {
      if (type.equals(a.path("type").asText())) {
        return a.path("address").asText();
      }
    }
    return "<none>";
  }

  private static String roles(JsonNode node) {
    TreeSet<String> roles = new TreeSet<>();
    for (Iterator<String> it = node.path("metadata").path("labels").fieldNames(); it.hasNext();) {
      String key = it.next();
      if (key.startsWith(ROLE_LABEL) && key.length() > ROLE_LABEL.length()) {
        roles.add(key.substring(ROLE_LABEL.length()));
      }
    }
    return roles.isEmpty() ? "<none>" : String.join(",", roles);
  }
}

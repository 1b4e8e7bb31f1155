package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** {@code NAME STATUS ROLES AGE VERSION}, wide: {@code + INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME}. */
public final class NodeColumns implements Columns {
  private static final String ROLE_LABEL = "node-role.kubernetes.io/";

  @Override
  public List<String> headers(boolean wide) {
    List<String> h = new ArrayList<>(List.of("NAME", "STATUS", "ROLES", "AGE", "VERSION"));
    if (wide) {
      h.addAll(List.of("INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"));
    }
    return h;
  }

  @Override
  public List<String> cells(JsonNode node, Instant now, boolean wide) {
    JsonNode info = node.path("status").path("nodeInfo");
    List<String> c = new ArrayList<>(List.of(node.path("metadata").path("name").asText(), status(node), roles(node), Columns.age(node, now),
        info.path("kubeletVersion").asText("")));
    if (wide) {
      c.add(address(node, "InternalIP"));
      c.add(address(node, "ExternalIP"));
      c.add(Columns.text(info.path("osImage"), "<unknown>"));
      c.add(Columns.text(info.path("kernelVersion"), "<unknown>"));
      c.add(Columns.text(info.path("containerRuntimeVersion"), "<unknown>"));
    }
    return c;
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

package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code NAME READY STATUS RESTARTS AGE}, wide: {@code + IP NODE NOMINATED NODE READINESS GATES}. */
final class PodColumns implements Columns {

  @Override
  public List<String> headers(boolean wide) {
    List<String> h = new ArrayList<>(List.of("NAME", "READY", "STATUS", "RESTARTS", "AGE"));
    if (wide) {
      h.addAll(List.of("IP", "NODE", "NOMINATED NODE", "READINESS GATES"));
    }
    return h;
  }

  @Override
  public List<String> cells(JsonNode pod, Instant now, boolean wide) {
    PodStatus s = PodStatus.of(pod);
    List<String> c = new ArrayList<>(List.of(pod.path("metadata").path("name").asText(), s.readyColumn(), s.status(), s.restartsColumn(now),
        Columns.age(pod, now)));
    if (wide) {
      c.add(Columns.text(pod.path("status").path("podIP"), "<none>"));
      c.add(Columns.text(pod.path("spec").path("nodeName"), "<none>"));
      c.add(Columns.text(pod.path("status").path("nominatedNodeName"), "<none>"));
      c.add("<none>");
    }
    return c;
  }
}

package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.LabelSelector;
import dev.podnet.api.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** {@code NAME READY UP-TO-DATE AVAILABLE AGE}, wide: {@code + CONTAINERS IMAGES SELECTOR}. */
final class DeploymentColumns implements Columns {

  @Override
  public List<String> headers(boolean wide) {
    List<String> h = new ArrayList<>(List.of("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"));
    if (wide) {
      h.addAll(List.of("CONTAINERS", "IMAGES", "SELECTOR"));
    }
    return h;
  }

  @Override
  public List<String> cells(JsonNode d, Instant now, boolean wide) {
    JsonNode status = d.path("status");
    List<String> c = new ArrayList<>(List.of(d.path("metadata").path("name").asText(),
        status.path("readyReplicas").asInt() + "/" + d.path("spec").path("replicas").asInt(1),
        String.valueOf(status.path("updatedReplicas").asInt()), String.valueOf(status.path("availableReplicas").asInt()), Columns.age(d, now)));
    if (wide) {
      JsonNode containers = d.path("spec").path("template").path("spec").path("containers");
      c.add(join(containers, "name"));
      c.add(join(containers, "image"));
      c.add(selector(d.path("spec").path("selector")));
    }
    return c;
  }

  private static String join(JsonNode containers, String field) {
    return StreamSupport.stream(containers.spliterator(), false).map(x -> x.path(field).asText()).collect(Collectors.joining(","));
  }

  private static String selector(JsonNode selector) {
    if (selector.isMissingNode() || selector.isNull()) {
      return "<none>";
    }
    String text = LabelSelector.of(Json.mapper().convertValue(selector, io.fabric8.kubernetes.api.model.LabelSelector.class)).toString();
    return text.isEmpty() ? "<none>" : text;
  }
}

package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The columns {@code get} prints for one kind, as kubectl prints them. */
public interface Columns {

  List<String> headers(boolean wide);

  List<String> cells(JsonNode object, Instant now, boolean wide);

  Map<ResourceType, Columns> BY_TYPE = Map.of(
      Resources.PODS, new PodColumns(),
      Resources.DEPLOYMENTS, new DeploymentColumns(),
      Resources.NODES, new NodeColumns(),
      Resources.NAMESPACES, new NamespaceColumns(),
      Resources.SERVICES, new ServiceColumns(),
      Resources.ENDPOINTSLICES, new EndpointSliceColumns());

  static Columns of(ResourceType type) {
    Columns columns = BY_TYPE.get(type);
    if (columns == null) {
      throw new IllegalArgumentException("no table columns for " + type.kind());
    }
    return columns;
  }

  /** The text at {@code field}, or {@code fallback} when it is missing or empty. */
  static String text(JsonNode field, String fallback) {
    String s = field.asText("");
    return s.isEmpty() ? fallback : s;
  }

  static String age(JsonNode object, Instant now) {
    return Age.since(object.path("metadata").path("creationTimestamp").asText(""), now);
  }
}

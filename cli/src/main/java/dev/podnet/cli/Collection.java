package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.LabelSelector;
import dev.podnet.api.ResourceType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects of one kind in one namespace (empty: all namespaces) that match a label selector
 * (empty: all): what {@code get KIND -l SEL} lists and {@code get -w} and {@code wait} watch.
 */
record Collection(ResourceType type, String namespace, String selector) {

  Collection {
    namespace = type.namespaced() ? namespace : "";
    if (!selector.isEmpty()) {
      try {
        LabelSelector.parse(selector);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
    }
  }

  /** The list the server returns: {@code items} and {@code metadata.resourceVersion}. */
  JsonNode list(Api api) {
    return api.get(type.path(namespace, "") + (selector.isEmpty() ? "" : "?labelSelector=" + encode(selector)));
  }

  static List<JsonNode> items(JsonNode list) {
    List<JsonNode> items = new ArrayList<>();
    list.path("items").forEach(items::add);
    return items;
  }

  /** Watch events strictly after {@code resourceVersion}. */
  String watchPath(String resourceVersion) {
    return type.path(namespace, "") + "?watch=true&resourceVersion=" + encode(resourceVersion)
        + (selector.isEmpty() ? "" : "&labelSelector=" + encode(selector));
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

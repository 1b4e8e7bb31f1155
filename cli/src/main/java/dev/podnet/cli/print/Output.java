package dev.podnet.cli.print;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import dev.podnet.api.ResourceType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** {@code -o}: how {@code get} prints what it got. */
public enum Output {
  TABLE, WIDE, YAML, JSON, NAME;

  private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(
      Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
      .withObjectIndenter(new DefaultIndenter("    ", "\n"))
      .withArrayIndenter(new DefaultIndenter("    ", "\n"));

  /** {@code wide}, {@code yaml}, {@code json}, {@code name}; empty means a table. */
  public static Output parse(String text) {
    if (text == null || text.isEmpty()) {
      return TABLE;
    }
    try {
      return Output.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unable to match a printer suitable for the output format \"" + text
          + "\", allowed formats are: json,name,wide,yaml");
    }
  }

  /**
   * @param asList print a {@code List} even of one object (the user named no objects)
   */
  public String render(ResourceType type, List<JsonNode> items, boolean asList, Instant now, boolean withNamespace) {
    switch (this) {
      case NAME:
        StringBuilder b = new StringBuilder();
        items.forEach(i -> b.append(name(type, i)).append('\n'));
        return b.toString();
      case JSON:
        return pretty(document(type, items, asList)) + "\n";
      case YAML:
        return Json.toYaml(document(type, items, asList));
      default:
        return Table.of(type, items, now, this == WIDE, withNamespace).render();
    }
  }

  /** {@code pod/web}, {@code deployment.apps/web}: kubectl's {@code -o name}. */
  public static String name(ResourceType type, JsonNode object) {
    return qualifiedKind(type) + "/" + object.path("metadata").path("name").asText();
  }

  /** {@code pod}, {@code deployment.apps}. */
  public static String qualifiedKind(ResourceType type) {
    return type.singular() + (type.group().isEmpty() ? "" : "." + type.group());
  }

  private static JsonNode document(ResourceType type, List<JsonNode> items, boolean asList) {
    items.forEach(i -> typed(type, i));
    if (!asList && items.size() == 1) {
      return items.get(0);
    }
    ObjectNode list = Json.mapper().createObjectNode();
    list.put("apiVersion", "v1");
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    list.put("kind", "List");
    list.putObject("metadata").put("resourceVersion", "");
    return list;
  }

  /** Items of a server list may lack kind and apiVersion; kubectl fills them in. */
  private static void typed(ResourceType type, JsonNode item) {
    if (item instanceof ObjectNode o && !o.has("kind")) {
      ObjectNode copy = o.deepCopy();
      o.removeAll();
      o.put("apiVersion", type.apiVersion());
      o.put("kind", type.kind());
      o.setAll(copy);
    }
  }

  static String pretty(JsonNode node) {
    try {
      return Json.mapper().writer(PRETTY).writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot print JSON: " + e.getOriginalMessage(), e);
    }
  }
}

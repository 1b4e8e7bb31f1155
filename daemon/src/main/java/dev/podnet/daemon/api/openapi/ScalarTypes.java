package dev.podnet.daemon.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON's scalar types for Java's, and the named types upstream declares as strings: Quantity
 * ({@code 100m}, {@code 1Gi}), IntOrString ({@code 8080} or {@code http}), Time and MicroTime
 * (RFC 3339).
 */
final class ScalarTypes {
  private static final Map<Class<?>, Map<String, String>> JAVA = Map.ofEntries(
      Map.entry(String.class, Map.of("type", "string")),
      Map.entry(Boolean.class, Map.of("type", "boolean")), Map.entry(boolean.class, Map.of("type", "boolean")),
      Map.entry(Integer.class, Map.of("type", "integer", "format", "int32")), Map.entry(int.class, Map.of("type", "integer", "format", "int32")),
      Map.entry(Short.class, Map.of("type", "integer", "format", "int32")),
      Map.entry(Long.class, Map.of("type", "integer", "format", "int64")), Map.entry(long.class, Map.of("type", "integer", "format", "int64")),
      Map.entry(Double.class, Map.of("type", "number", "format", "double")), Map.entry(Float.class, Map.of("type", "number", "format", "double")));

  private static final Map<String, String[]> NAMED = Map.of(
      SchemaNames.QUANTITY, new String[] {"", "Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling "
          + "in JSON and YAML, in addition to String() and AsInt64() accessors. Examples: 100m, 1.5, 2Gi."},
      SchemaNames.INT_OR_STRING, new String[] {"int-or-string", "IntOrString is a type that can hold an int32 or a string. When used in JSON or "
          + "YAML marshalling and unmarshalling, it produces or consumes the inner type."},
      SchemaNames.TIME, new String[] {"date-time", "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON. "
          + "Wrappers are provided for many of the factory methods that the time package offers."},
      SchemaNames.MICRO_TIME, new String[] {"date-time", "MicroTime is version of Time with microsecond level precision."});

  private static final Map<String, List<String>> ONE_OF = Map.of(SchemaNames.INT_OR_STRING, List.of("integer", "string"),
      SchemaNames.QUANTITY, List.of("string", "number"));

  private ScalarTypes() {}

  /** {@code type} and {@code format} of a Java scalar; empty for anything else. */
  static Map<String, String> of(Class<?> c) {
    return JAVA.getOrDefault(c, Map.of());
  }

  /**
   * The fixed schema of a named scalar type, or of the PATCH body; empty for types with properties.
   * v3 declares IntOrString and Quantity as one of two JSON types, as upstream does, which is
   * also how {@code kubectl explain} knows to print them by name; v2 can only say "string".
   */
  static Optional<ObjectNode> schema(String name, OpenApiWriter.Flavor flavor) {
    if (name.equals(SchemaNames.PATCH)) {
      return Optional.of(Json.mapper().createObjectNode().put("description",
          "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.").put("type", "object"));
    }
    String[] formatAndDescription = NAMED.get(name);
    if (formatAndDescription == null) {
      return Optional.empty();
    }
    ObjectNode s = Json.mapper().createObjectNode().put("description", formatAndDescription[1]);
    List<String> oneOf = ONE_OF.getOrDefault(name, List.of());
    if (flavor == OpenApiWriter.Flavor.V3 && !oneOf.isEmpty()) {
      ArrayNode types = s.putArray("oneOf");
      oneOf.forEach(t -> types.addObject().put("type", t));
    } else {
      s.put("type", "string");
    }
    if (!formatAndDescription[0].isEmpty()) {
      s.put("format", formatAndDescription[0]);
    }
    return Optional.of(s);
  }

  /**
   * fabric8 models timestamps as plain strings; upstream declares them Time. Kubernetes names
   * them consistently ({@code creationTimestamp}, {@code lastTransitionTime}, {@code startedAt}),
   * so the name tells.
   */
  static boolean isTime(String property) {
    return property.endsWith("Timestamp") || property.endsWith("Time") || property.endsWith("At") || property.equals("time");
  }
}

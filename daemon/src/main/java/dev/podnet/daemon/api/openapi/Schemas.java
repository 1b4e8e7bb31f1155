package dev.podnet.daemon.api.openapi;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import java.lang.reflect.Modifier;
import java.time.temporal.Temporal;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * OpenAPI schemas of fabric8's model classes, found the way Jackson serializes them: each bean
 * property with its JSON name and type. A class becomes a named definition the first time it is
 * met; properties refer to it. References point into {@code #/components/schemas/} (v3); the v2
 * document rewrites them.
 */
final class Schemas {
  static final String REF = "#/components/schemas/";

  private final ObjectMapper mapper = Json.mapper();
  private final SortedMap<String, ObjectNode> definitions = new TreeMap<>();
  private final OpenApiWriter.Flavor flavor;

  Schemas(OpenApiWriter.Flavor flavor) {
    this.flavor = flavor;
  }

  /** The definitions met so far, by name. */
  SortedMap<String, ObjectNode> definitions() {
    return definitions;
  }

  /** Defines {@code c} and every class it refers to; returns its name. */
  String define(Class<?> c) {
    String name = SchemaNames.of(c);
    if (definitions.containsKey(name)) {
      return name;
    }
    ObjectNode schema = ScalarTypes.schema(name, flavor).orElseGet(() -> mapper.createObjectNode().put("type", "object"));
    definitions.put(name, schema); // before its properties: definitions may refer to themselves
    if (ScalarTypes.schema(name, flavor).isPresent()) {
      return name;
    }
    ObjectNode properties = mapper.createObjectNode();
    SerializationConfig config = mapper.getSerializationConfig();
    for (BeanPropertyDefinition p : config.introspect(mapper.constructType(c)).findProperties()) {
      if (p.couldSerialize()) {
        properties.set(p.getName(), property(p.getName(), p.getPrimaryType(), flavor == OpenApiWriter.Flavor.V3));
      }
    }
    if (!properties.isEmpty()) {
      schema.set("properties", properties);
    }
    return name;
  }

  /** Marks a definition as the schema of a kind: clients look kinds up by this extension. */
  void markKind(String name, String group, String version, String kind) {
    ArrayNode gvks = definitions.get(name).putArray("x-kubernetes-group-version-kind");
    gvks.addObject().put("group", group).put("kind", kind).put("version", version);
  }

  static ObjectNode ref(String name) {
    return Json.mapper().createObjectNode().put("$ref", REF + name);
  }

  /**
   * @param wrapped a property refers through {@code allOf}, as upstream's v3 documents do, so it
   *                can carry its own description beside the reference; v2 refers directly, as
   *                upstream's v2 does: kubectl before 1.27 reads an {@code allOf} as "anything",
   *                and then cannot explain or validate below it
   */
  private ObjectNode property(String name, JavaType t, boolean wrapped) {
    Class<?> raw = t.getRawClass();
    if (t.isArrayType() || t.isCollectionLikeType()) {
      ObjectNode a = mapper.createObjectNode().put("type", "array");
      a.set("items", property("", t.getContentType(), false));
      return a;
    }
    if (t.isMapLikeType()) {
      ObjectNode m = mapper.createObjectNode().put("type", "object");
      m.set("additionalProperties", property("", t.getContentType(), false));
      return m;
    }
    if (raw == String.class && ScalarTypes.isTime(name)) {
      return reference(SchemaNames.TIME, wrapped);
    }
    if (Temporal.class.isAssignableFrom(raw)) {
      return reference(SchemaNames.MICRO_TIME, wrapped);
    }
    Map<String, String> scalar = ScalarTypes.of(raw);
    if (!scalar.isEmpty()) {
      ObjectNode s = mapper.createObjectNode();
      scalar.forEach(s::put);
      return s;
    }
    if (SchemaNames.isModel(raw) && !raw.isInterface() && !Modifier.isAbstract(raw.getModifiers())) {
      return reference(define(raw), wrapped);
    }
    return mapper.createObjectNode().put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
  }

  /** Defines a type without a model class (Time, the PATCH body); returns its name. */
  String defineNamed(String name) {
    definitions.computeIfAbsent(name, n -> ScalarTypes.schema(n, flavor)
        .orElseThrow(() -> new IllegalArgumentException(n + " is not a named scalar type; define its model class instead")));
    return name;
  }

  private ObjectNode reference(String name, boolean wrapped) {
    if (!definitions.containsKey(name)) {
      defineNamed(name);
    }
    if (!wrapped) {
      return ref(name);
    }
    ObjectNode p = mapper.createObjectNode();
    p.putArray("allOf").add(ref(name));
    return p;
  }
}

package dev.podnet.daemon.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The v2 document as gnostic's {@code openapi.v2.Document} protobuf message (google/gnostic,
 * {@code openapiv2/OpenAPIv2.proto}), the only form in which kubectl before 1.27 (Debian 12's
 * is 1.20) fetches it, for {@code explain} and to validate what it applies. Encoded from the JSON
 * document itself, key by key, so the two cannot disagree; a key without a field here is an error
 * naming where it is, never a silent loss.
 */
final class OpenApiV2Protobuf {
  /** How one JSON value becomes field {@code number} of the message being written. */
  private interface Encoding {
    void write(ProtoMessage m, int number, JsonNode value, String where);
  }

  private record Field(int number, Encoding encoding) {}

  /** A message's fields by JSON key, and the field its {@code x-} keys go to (0: none). */
  private record Message(Map<String, Field> fields, int vendorExtensions) {}

  private static final Encoding STRING = (m, n, v, where) -> m.string(n, v.asText());
  private static final Encoding BOOL = (m, n, v, where) -> m.bool(n, v.asBoolean());
  private static final Encoding INT64 = (m, n, v, where) -> m.int64(n, v.asLong());
  private static final Encoding DOUBLE = (m, n, v, where) -> m.float64(n, v.asDouble());
  private static final Encoding STRINGS = (m, n, v, where) -> v.forEach(e -> m.element(n, e.asText()));
  private static final Encoding ANY = (m, n, v, where) -> m.message(n, any(v));
  private static final Encoding ANYS = (m, n, v, where) -> v.forEach(e -> m.message(n, any(e)));
  private static final Encoding SCHEMA = nested(OpenApiV2Protobuf::schema);
  private static final Encoding SCHEMAS = (m, n, v, where) -> {
    for (int i = 0; i < v.size(); i++) {
      m.message(n, schema(v.get(i), where + "[" + i + "]"));
    }
  };

  private static final Message INFO = new Message(Map.of("title", new Field(1, STRING), "version", new Field(2, STRING),
      "description", new Field(3, STRING)), 7);

  private static final Message DOCUMENT = new Message(Map.of("swagger", new Field(1, STRING), "info", new Field(2, nested(INFO)),
      "host", new Field(3, STRING), "basePath", new Field(4, STRING), "schemes", new Field(5, STRINGS), "consumes", new Field(6, STRINGS),
      "produces", new Field(7, STRINGS), "paths", new Field(8, (m, n, v, where) -> m.message(n, named(v, 2, 1, OpenApiV2Protobuf::pathItem, where))),
      "definitions", new Field(9, (m, n, v, where) -> m.message(n, named(v, 1, 0, OpenApiV2Protobuf::schema, where)))), 16);

  private static final Message OPERATION = new Message(Map.ofEntries(Map.entry("tags", new Field(1, STRINGS)),
      Map.entry("summary", new Field(2, STRING)), Map.entry("description", new Field(3, STRING)), Map.entry("operationId", new Field(5, STRING)),
      Map.entry("produces", new Field(6, STRINGS)), Map.entry("consumes", new Field(7, STRINGS)),
      Map.entry("parameters", new Field(8, parameters())), Map.entry("schemes", new Field(10, STRINGS)), Map.entry("deprecated", new Field(11, BOOL)),
      Map.entry("responses", new Field(9, (m, n, v, where) -> m.message(n, named(v, 1, 2, OpenApiV2Protobuf::responseValue, where))))), 13);

  private static final Message PATH_ITEM = new Message(Map.of("$ref", new Field(1, STRING), "get", new Field(2, nested(OPERATION)),
      "put", new Field(3, nested(OPERATION)), "post", new Field(4, nested(OPERATION)), "delete", new Field(5, nested(OPERATION)),
      "options", new Field(6, nested(OPERATION)), "head", new Field(7, nested(OPERATION)), "patch", new Field(8, nested(OPERATION)),
      "parameters", new Field(9, parameters())), 10);

  private static final Message BODY_PARAMETER = new Message(Map.of("description", new Field(1, STRING), "name", new Field(2, STRING),
      "in", new Field(3, STRING), "required", new Field(4, BOOL), "schema", new Field(5, SCHEMA)), 6);

  /** Query and path parameters share their keys; from {@code type} on, a path parameter's numbers are one less. */
  private static final Message QUERY_PARAMETER = simpleParameter(1);
  private static final Message PATH_PARAMETER = simpleParameter(0);

  private static final Message RESPONSE = new Message(Map.of("description", new Field(1, STRING),
      "schema", new Field(2, (m, n, v, where) -> m.message(n, new ProtoMessage().message(1, schema(v, where))))), 5);

  private static final Message SCHEMA_FIELDS = new Message(Map.ofEntries(Map.entry("$ref", new Field(1, STRING)),
      Map.entry("format", new Field(2, STRING)), Map.entry("title", new Field(3, STRING)), Map.entry("description", new Field(4, STRING)),
      Map.entry("default", new Field(5, ANY)), Map.entry("multipleOf", new Field(6, DOUBLE)), Map.entry("maximum", new Field(7, DOUBLE)),
      Map.entry("exclusiveMaximum", new Field(8, BOOL)), Map.entry("minimum", new Field(9, DOUBLE)), Map.entry("exclusiveMinimum", new Field(10, BOOL)),
      Map.entry("maxLength", new Field(11, INT64)), Map.entry("minLength", new Field(12, INT64)), Map.entry("pattern", new Field(13, STRING)),
      Map.entry("maxItems", new Field(14, INT64)), Map.entry("minItems", new Field(15, INT64)), Map.entry("uniqueItems", new Field(16, BOOL)),
      Map.entry("maxProperties", new Field(17, INT64)), Map.entry("minProperties", new Field(18, INT64)), Map.entry("required", new Field(19, STRINGS)),
      Map.entry("enum", new Field(20, ANYS)), Map.entry("additionalProperties", new Field(21, OpenApiV2Protobuf::additionalProperties)),
      Map.entry("type", new Field(22, (m, n, v, where) -> m.message(n, list(v, (t, e) -> t.element(1, e.asText()))))),
      Map.entry("items", new Field(23, (m, n, v, where) -> m.message(n, list(v, (t, e) -> t.message(1, schema(e, where)))))),
      Map.entry("allOf", new Field(24, SCHEMAS)),
      Map.entry("properties", new Field(25, (m, n, v, where) -> m.message(n, named(v, 1, 0, OpenApiV2Protobuf::schema, where)))),
      Map.entry("discriminator", new Field(26, STRING)), Map.entry("readOnly", new Field(27, BOOL)), Map.entry("example", new Field(30, ANY))), 31);

  private OpenApiV2Protobuf() {}

  /** The encoded {@code openapi.v2.Document} of the v2 JSON document {@code doc}. */
  static byte[] document(JsonNode doc) {
    return message(doc, DOCUMENT, "").toByteArray();
  }

  private static ProtoMessage schema(JsonNode s, String where) {
    return message(s, SCHEMA_FIELDS, where);
  }

  private static ProtoMessage pathItem(JsonNode p, String where) {
    return message(p, PATH_ITEM, where);
  }

  /** ResponseValue's oneof: a Response (1), or a reference to one (2). */
  private static ProtoMessage responseValue(JsonNode r, String where) {
    if (r.has("$ref")) {
      return new ProtoMessage().message(2, new ProtoMessage().string(1, r.path("$ref").asText()));
    }
    return new ProtoMessage().message(1, message(r, RESPONSE, where));
  }

  /**
   * ParametersItem → Parameter → BodyParameter (1), or → NonBodyParameter (2) → its query (3) or
   * path (4) sub-schema: the oneofs the JSON's {@code in} chooses between.
   */
  private static Encoding parameters() {
    return (m, n, v, where) -> {
      for (int i = 0; i < v.size(); i++) {
        JsonNode p = v.get(i);
        String at = where + "[" + i + "]";
        ProtoMessage parameter = switch (p.path("in").asText()) {
          case "body" -> new ProtoMessage().message(1, message(p, BODY_PARAMETER, at));
          case "query" -> new ProtoMessage().message(2, new ProtoMessage().message(3, message(p, QUERY_PARAMETER, at)));
          case "path" -> new ProtoMessage().message(2, new ProtoMessage().message(4, message(p, PATH_PARAMETER, at)));
          default -> throw new IllegalArgumentException("OpenAPI v2 parameter at " + at + " is in \"" + p.path("in").asText()
              + "\"; the protobuf encoder writes body, query and path parameters only: add the case to OpenApiV2Protobuf.parameters");
        };
        m.message(n, new ProtoMessage().message(1, parameter));
      }
    };
  }

  private static Message simpleParameter(int shift) {
    return new Message(Map.ofEntries(Map.entry("required", new Field(1, BOOL)), Map.entry("in", new Field(2, STRING)),
        Map.entry("description", new Field(3, STRING)), Map.entry("name", new Field(4, STRING)),
        Map.entry("type", new Field(5 + shift, STRING)), Map.entry("format", new Field(6 + shift, STRING)),
        Map.entry("collectionFormat", new Field(8 + shift, STRING)), Map.entry("default", new Field(9 + shift, ANY)),
        Map.entry("uniqueItems", new Field(19 + shift, BOOL)), Map.entry("enum", new Field(20 + shift, ANYS))), 22 + shift);
  }

  /** AdditionalPropertiesItem's oneof: a schema (1) or a boolean (2). */
  private static void additionalProperties(ProtoMessage m, int n, JsonNode v, String where) {
    m.message(n, v.isBoolean() ? new ProtoMessage().bool(2, v.asBoolean()) : new ProtoMessage().message(1, schema(v, where)));
  }

  /** TypeItem (1: repeated string) and ItemsItem (1: repeated Schema) hold lists; JSON may give one value instead. */
  private static ProtoMessage list(JsonNode v, BiConsumer<ProtoMessage, JsonNode> element) {
    ProtoMessage m = new ProtoMessage();
    if (v.isArray()) {
      v.forEach(e -> element.accept(m, e));
    } else {
      element.accept(m, v);
    }
    return m;
  }

  /**
   * gnostic's maps: a message with a repeated {@code Named*} field ({@code name} = 1, {@code value} = 2)
   * in the JSON's order, and, where the map may hold them, its {@code x-} keys as NamedAny.
   */
  private static ProtoMessage named(JsonNode map, int entries, int vendorExtensions, Values values, String where) {
    ProtoMessage m = new ProtoMessage();
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (vendorExtensions != 0 && e.getKey().startsWith("x-")) {
        m.message(vendorExtensions, namedAny(e.getKey(), e.getValue()));
      } else {
        m.message(entries, new ProtoMessage().string(1, e.getKey()).message(2, values.encode(e.getValue(), where + "." + e.getKey())));
      }
    }
    return m;
  }

  private interface Values {
    ProtoMessage encode(JsonNode value, String where);
  }

  private static ProtoMessage message(JsonNode node, Message spec, String where) {
    ProtoMessage m = new ProtoMessage();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      Field f = spec.fields().get(e.getKey());
      String at = where.isEmpty() ? e.getKey() : where + "." + e.getKey();
      if (f != null) {
        f.encoding().write(m, f.number(), e.getValue(), at);
      } else if (e.getKey().startsWith("x-") && spec.vendorExtensions() != 0) {
        m.message(spec.vendorExtensions(), namedAny(e.getKey(), e.getValue()));
      } else {
        throw new IllegalArgumentException("OpenAPI v2 key " + at + " has no field in gnostic's openapi.v2 message there;"
            + " give it one in OpenApiV2Protobuf (field numbers: google/gnostic openapiv2/OpenAPIv2.proto)");
      }
    }
    return m;
  }

  private static Encoding nested(Message spec) {
    return (m, n, v, where) -> m.message(n, message(v, spec, where));
  }

  private static Encoding nested(Values values) {
    return (m, n, v, where) -> m.message(n, values.encode(v, where));
  }

  /** NamedAny: the value as YAML text in {@code Any.yaml} (2), which is where kube-openapi reads extensions; JSON is YAML. */
  private static ProtoMessage namedAny(String name, JsonNode value) {
    return new ProtoMessage().string(1, name).message(2, any(value));
  }

  private static ProtoMessage any(JsonNode value) {
    return new ProtoMessage().element(2, value.toString());
  }
}

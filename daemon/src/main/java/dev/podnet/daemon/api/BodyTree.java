package dev.podnet.daemon.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.podnet.api.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body read into a JSON tree, JSON or YAML by its Content-Type, noting every field that
 * appears twice in one object (a strict decoder's "duplicate field"); Jackson's own tree reader
 * keeps the last silently. Malformed input is a 400 saying where it broke.
 */
record BodyTree(JsonNode tree, List<String> duplicates) {
  private static final JsonFactory JSON = Json.mapper().getFactory();
  private static final JsonFactory YAML = new YAMLFactory();

  static boolean isYaml(ApiRequest r) {
    String type = mediaType(r);
    return type.equals("application/yaml") || type.equals("application/apply-patch+yaml") || type.equals("application/x-yaml")
        || type.equals("text/yaml");
  }

  /** The Content-Type without parameters, lower case. */
  static String mediaType(ApiRequest r) {
    return r.header("content-type", "application/json").split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
  }

  static BodyTree read(ApiRequest r) {
    boolean yaml = isYaml(r);
    String what = yaml ? "YAML" : "JSON";
    if (r.body().length == 0) {
      throw ApiError.badRequest("the request body is empty: expected a " + what + " object");
    }
    try (JsonParser p = (yaml ? YAML : JSON).createParser(r.body())) {
      List<String> dups = new ArrayList<>();
      JsonToken first = p.nextToken();
      if (first == null) {
        throw ApiError.badRequest("the request body holds no " + what + " document");
      }
      JsonNode tree = value(p, "", dups);
      if (!yaml && p.nextToken() != null) {
        throw ApiError.badRequest("the request body is not valid JSON: unexpected data after the top-level value at line "
            + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr());
      }
      return new BodyTree(tree, List.copyOf(dups));
    } catch (JsonProcessingException e) {
      String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw ApiError.badRequest("the request body is not valid " + what + ": " + e.getOriginalMessage() + at);
    } catch (IOException e) {
      throw ApiError.badRequest("cannot read the request body: " + e.getMessage());
    }
  }

  private static JsonNode value(JsonParser p, String path, List<String> dups) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        String at = path.isEmpty() ? name : path + "." + name;
        p.nextToken();
        JsonNode v = value(p, at, dups);
        if (o.has(name)) {
          dups.add(at);
        }
        o.set(name, v);
      }
      return o;
    }
    if (t == JsonToken.START_ARRAY) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        a.add(value(p, path + "[" + a.size() + "]", dups));
      }
      return a;
    }
    return Json.mapper().readTree(p);
  }
}

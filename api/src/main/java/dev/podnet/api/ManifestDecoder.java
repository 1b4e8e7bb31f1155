package dev.podnet.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.podnet.api.validation.FieldError;
import dev.podnet.api.validation.Validation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One document's tree to a typed, validated object, or the reasons it is not one. Reading is strict,
 * as kubectl's default {@code --validate=strict}: a field the type does not have is an error, not a
 * silently dropped typo ({@code readinesProbe}).
 */
final class ManifestDecoder {
  /**
   * fabric8 types keep unknown fields in an any-setter map; hiding the any-setters makes Jackson
   * report them instead, with their path.
   */
  private static final ObjectMapper STRICT = JsonMapper.builder().addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .annotationIntrospector(new JacksonAnnotationIntrospector() {
        @Override
        public Boolean hasAnySetter(Annotated a) {
          return Boolean.FALSE;
        }
      })
      .build();

  /** The object when {@code problems} is empty; {@code label} ("Pod default/web") is empty until the kind is known. */
  record Decoded(String label, Optional<HasMetadata> object, List<String> problems) {

    static Decoded failed(String label, String problem) {
      return new Decoded(label, Optional.empty(), List.of(problem));
    }
  }

  private ManifestDecoder() {}

  static Decoded decode(JsonNode node) {
    if (!node.isObject()) {
      String found = node.isArray() ? "a list" : node.isTextual() ? "a string" : node.isNumber() ? "a number" : node.getNodeType().name().toLowerCase(Locale.ROOT);
      return Decoded.failed("", "expected an object with apiVersion and kind, found " + found);
    }
    String kind = node.path("kind").asText("");
    String apiVersion = node.path("apiVersion").asText("");
    Optional<ResourceType> named = Resources.byKind(kind);
    if (kind.isEmpty()) {
      return Decoded.failed("", "kind not set (podnet serves " + Resources.kinds() + ")");
    }
    if (apiVersion.isEmpty()) {
      return Decoded.failed("", "apiVersion not set for kind \"" + kind + "\"" + named.map(t -> " (use apiVersion: " + t.apiVersion() + ")").orElse(""));
    }
    Optional<ResourceType> type = Resources.byKind(apiVersion, kind);
    if (type.isEmpty()) {
      return Decoded.failed("", named
          .map(t -> "kind \"" + kind + "\" is not in apiVersion \"" + apiVersion + "\" (use apiVersion: " + t.apiVersion() + ")")
          .orElse("unknown kind \"" + kind + "\" in apiVersion \"" + apiVersion + "\" (podnet serves " + Resources.kinds() + ")"));
    }
    String label = label(type.get(), node);
    HasMetadata object;
    try {
      object = STRICT.treeToValue(node, type.get().type());
    } catch (UnrecognizedPropertyException e) {
      return Decoded.failed(label, "unknown field \"" + path(e, e.getPropertyName()) + "\"");
    } catch (MismatchedInputException e) {
      String path = path(e, "");
      return Decoded.failed(label, (path.isEmpty() ? "" : path + ": ") + "Invalid value: " + Json.write(at(node, e)) + ": "
          + expected(e.getTargetType()));
    } catch (JsonProcessingException e) {
      return Decoded.failed(label, "cannot read " + type.get().kind() + ": " + e.getOriginalMessage());
    }
    List<String> problems = Validation.validate(object).stream().map(FieldError::toString).toList();
    return new Decoded(label, Optional.of(object), problems);
  }

  /** {@code Pod default/web}, {@code Node node-1}; a namespaced object without a namespace goes to "default". */
  private static String label(ResourceType type, JsonNode node) {
    JsonNode meta = node.path("metadata");
    String name = meta.path("name").asText("");
    if (name.isEmpty()) {
      return type.kind();
    }
    String namespace = meta.path("namespace").asText("");
    if (type.namespaced()) {
      return type.kind() + " " + (namespace.isEmpty() ? Defaults.DEFAULT_NAMESPACE : namespace) + "/" + name;
    }
    return type.kind() + " " + name;
  }

  /** {@code spec.containers[0].ports}: Jackson's reference chain in Kubernetes' notation. */
  private static String path(JsonMappingException e, String last) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    String path = b.toString();
    return !last.isEmpty() && !path.endsWith(last) ? path + (path.isEmpty() ? "" : ".") + last : path;
  }

  private static JsonNode at(JsonNode root, JsonMappingException e) {
    JsonNode n = root;
    for (JsonMappingException.Reference r : e.getPath()) {
      n = r.getFieldName() != null ? n.path(r.getFieldName()) : n.path(r.getIndex());
    }
    return n;
  }

  private static String expected(Class<?> target) {
    if (target == null) {
      return "has the wrong type";
    }
    if (Number.class.isAssignableFrom(target) || target == int.class || target == long.class) {
      return "must be a number";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "must be true or false";
    }
    if (target == String.class) {
      return "must be a string";
    }
    if (Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "must be a list";
    }
    return Map.class.isAssignableFrom(target) ? "must be a map" : "must be an object";
  }
}

package dev.podnet.daemon.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Defaults;
import dev.podnet.api.Json;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.daemon.api.patch.JsonPatch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A body tree to the typed object its path takes, as the API server decodes: the kind must fit the
 * path, the namespace defaults to the request's, defaults are applied, and fields the type does not
 * have are errors, warnings or ignored by the request's {@code fieldValidation} (default Warn).
 */
final class ObjectDecoder {
  private ObjectDecoder() {}

  /** A decoded object and the warnings its answer carries. */
  record Decoded(HasMetadata object, List<String> warnings) {}

  static Decoded decode(ApiRequest r, ObjectPath p) {
    return decode(BodyTree.read(r), r, p);
  }

  static Decoded decode(BodyTree body, ApiRequest r, ObjectPath p) {
    JsonNode tree = body.tree();
    if (!tree.isObject()) {
      throw ApiError.badRequest("the request body must be a " + p.type().kind() + " object, not " + JsonPatch.kindOf(tree));
    }
    checkKind(tree, r, p);
    HasMetadata obj;
    try {
      obj = Json.mapper().treeToValue(tree, p.type().type());
    } catch (JsonMappingException e) {
      throw ApiError.badRequest(cannotHandle(p.type()) + "cannot decode field " + fieldOf(e) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.badRequest(cannotHandle(p.type()) + e.getMessage());
    }
    List<String> warnings = fieldProblems(UnknownFields.remove(obj), body.duplicates(), r, p.type());
    if (obj.getMetadata() == null) {
      obj.setMetadata(new ObjectMeta());
    }
    namespace(obj, p);
    return new Decoded(Defaults.apply(obj), warnings);
  }

  private static void checkKind(JsonNode tree, ApiRequest r, ObjectPath p) {
    String kind = tree.path("kind").asText(p.type().kind());
    String apiVersion = tree.path("apiVersion").asText(p.type().apiVersion());
    if (Resources.byKind(apiVersion, kind).isEmpty()) {
      throw ApiError.badRequest("no kind \"" + kind + "\" is registered for version \"" + apiVersion + "\": this server serves " + Resources.kinds());
    }
    if (!kind.equals(p.type().kind()) || !apiVersion.equals(p.type().apiVersion())) {
      throw ApiError.badRequest("the body is a " + apiVersion + " " + kind + " but the path " + r.path() + " takes " + p.type().apiVersion() + " "
          + p.type().kind());
    }
  }

  /** Strict: a 400 naming every unknown and duplicate field; Warn: one warning each; Ignore: nothing. */
  private static List<String> fieldProblems(List<String> unknown, List<String> duplicates, ApiRequest r, ResourceType t) {
    List<String> problems = new ArrayList<>();
    unknown.forEach(f -> problems.add("unknown field \"" + f + "\""));
    duplicates.forEach(f -> problems.add("duplicate field \"" + f + "\""));
    String mode = r.param("fieldValidation", "Warn");
    return switch (mode) {
      case "Ignore" -> List.of();
      case "Warn", "" -> problems;
      case "Strict" -> {
        if (!problems.isEmpty()) {
          throw ApiError.badRequest(cannotHandle(t) + "strict decoding error: " + String.join(", ", problems));
        }
        yield List.of();
      }
      default -> throw ApiError.badRequest("fieldValidation parameter \"" + mode + "\" is not supported: use Ignore, Warn or Strict");
    };
  }

  private static void namespace(HasMetadata obj, ObjectPath p) {
    String ns = obj.getMetadata().getNamespace();
    if (!p.type().namespaced()) {
      return;
    }
    if (ns != null && !ns.isEmpty() && !p.namespace().isEmpty() && !ns.equals(p.namespace())) {
      throw ApiError.badRequest("the namespace of the object (" + ns + ") does not match the namespace on the request (" + p.namespace() + ")");
    }
    if (ns == null || ns.isEmpty()) {
      obj.getMetadata().setNamespace(p.namespace().isEmpty() ? Defaults.DEFAULT_NAMESPACE : p.namespace());
    }
  }

  /** Upstream's prefix: {@code Deployment in version "v1" cannot be handled as a Deployment: }. */
  private static String cannotHandle(ResourceType t) {
    return t.kind() + " in version \"" + t.version() + "\" cannot be handled as a " + t.kind() + ": ";
  }

  private static String fieldOf(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining()).replaceFirst("^\\.", "");
  }
}

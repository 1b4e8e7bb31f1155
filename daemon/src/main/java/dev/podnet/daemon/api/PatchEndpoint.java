package dev.podnet.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import dev.podnet.daemon.api.patch.FieldManager;
import dev.podnet.daemon.api.patch.JsonPatch;
import dev.podnet.daemon.api.patch.MergePatch;
import dev.podnet.daemon.api.patch.PatchException;
import dev.podnet.daemon.api.patch.StrategicMerge;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * PATCH on an object or its status, by Content-Type: JSON patch, merge patch, strategic merge patch
 * and server-side apply. The patched object is then decoded, defaulted, validated and written as an
 * update would be. A conflicting write in between makes the patch apply again to the fresh object,
 * as upstream does; a resourceVersion the patch itself names is a precondition that keeps failing.
 */
final class PatchEndpoint {
  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String STRATEGIC = "application/strategic-merge-patch+json";
  static final String APPLY = "application/apply-patch+yaml";
  private static final int ATTEMPTS = 5;

  private final Store store;
  private final ObjectEndpoints objects;

  PatchEndpoint(Store store, ObjectEndpoints objects) {
    this.store = store;
    this.objects = objects;
  }

  ApiResponse patch(ApiRequest r, ObjectPath p) {
    if (p.isCollection()) {
      throw new ApiError(405, "MethodNotAllowed", "PATCH needs an object: " + r.path() + " is a collection");
    }
    String type = BodyTree.mediaType(r);
    if (!List.of(JSON_PATCH, MERGE_PATCH, STRATEGIC, APPLY).contains(type)) {
      throw new ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
          + String.join(", ", JSON_PATCH, MERGE_PATCH, APPLY, STRATEGIC));
    }
    BodyTree patch = BodyTree.read(r);
    return type.equals(APPLY) ? apply(r, p, patch) : retried(() -> patchOnce(r, p, type, patch));
  }

  private ApiResponse patchOnce(ApiRequest r, ObjectPath p, String type, BodyTree patch) {
    HasMetadata current = store.get(p.type(), p.namespace(), p.name());
    JsonNode live = Json.mapper().valueToTree(current);
    JsonNode patched = patched(type, live, patch.tree());
    if (!patched.isObject()) {
      throw ApiError.badRequest("the patch turns the " + p.type().kind() + " into " + JsonPatch.kindOf(patched));
    }
    keepResourceVersion(live, (ObjectNode) patched);
    ObjectDecoder.Decoded d = ObjectDecoder.decode(new BodyTree(patched, patch.duplicates()), r, p);
    FieldOwners.recordUpdate(r, p, current, d.object());
    return ApiResponse.withWarnings(objects.update(r, p, d.object()), d.warnings());
  }

  static JsonNode patched(String type, JsonNode live, JsonNode patch) {
    try {
      return switch (type) {
        case JSON_PATCH -> JsonPatch.apply(live, patch);
        case MERGE_PATCH -> {
          if (!patch.isObject()) {
            throw PatchException.malformed("a merge patch must be a JSON object, not " + JsonPatch.kindOf(patch));
          }
          yield MergePatch.apply(live, patch);
        }
        default -> StrategicMerge.apply(live, patch);
      };
    } catch (PatchException e) {
      throw error(e);
    }
  }

  /** Server-side apply: create when absent, else merge with field ownership; {@code fieldManager} is required. */
  private ApiResponse apply(ApiRequest r, ObjectPath p, BodyTree body) {
    if (r.param("fieldManager", "").isEmpty()) {
      throw ApiError.badRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
    }
    if (!body.tree().isObject()) {
      throw ApiError.badRequest("an apply configuration must be an object, not " + JsonPatch.kindOf(body.tree()));
    }
    ObjectNode config = (ObjectNode) body.tree();
    if (!config.path("kind").isTextual() || !config.path("apiVersion").isTextual()) {
      throw ApiError.badRequest("an apply configuration must name its apiVersion and kind");
    }
    String name = config.path("metadata").path("name").asText("");
    if (!name.isEmpty() && !name.equals(p.name())) {
      throw ApiError.badRequest("the name of the object (" + name + ") does not match the name on the URL (" + p.name() + ")");
    }
    return retried(() -> applyOnce(r, p, body));
  }

  private ApiResponse applyOnce(ApiRequest r, ObjectPath p, BodyTree body) {
    Optional<HasMetadata> current = store.find(p.type(), p.namespace(), p.name());
    if (current.isEmpty() && p.subresource().equals("status")) {
      throw ApiError.from(StoreException.notFound(p.type(), p.name()));
    }
    JsonNode live = current.map(c -> (JsonNode) Json.mapper().valueToTree(c)).orElse(null);
    ObjectNode merged;
    try {
      merged = FieldManager.apply(live, (ObjectNode) body.tree(), FieldOwners.manager(r, p), r.flag("force"));
    } catch (PatchException e) {
      throw error(e);
    }
    ObjectNode meta = merged.withObjectProperty("metadata");
    meta.put("name", p.name());
    if (live != null) {
      keepResourceVersion(live, merged);
    }
    ObjectDecoder.Decoded d = ObjectDecoder.decode(new BodyTree(merged, body.duplicates()), r, p);
    ApiResponse out = current.isEmpty() ? objects.create(r, p, d.object()) : objects.update(r, p, d.object());
    return ApiResponse.withWarnings(out, d.warnings());
  }

  /** A patch that set no resourceVersion writes over the version it was applied to. */
  private static void keepResourceVersion(JsonNode live, ObjectNode patched) {
    String liveRv = live.path("metadata").path("resourceVersion").asText("");
    JsonNode meta = patched.path("metadata");
    if (meta.isObject() && meta.path("resourceVersion").asText("").isEmpty()) {
      ((ObjectNode) meta).put("resourceVersion", liveRv);
    }
  }

  /** Runs {@code once} again, a few times, when a concurrent write made it conflict. */
  static ApiResponse retried(Supplier<ApiResponse> once) {
    for (int i = 1;; i++) {
      try {
        return once.get();
      } catch (ApiError e) {
        if (!e.reason().equals("Conflict") || i >= ATTEMPTS || !e.getMessage().contains("the object has been modified")) {
          throw e;
        }
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.CONFLICT) || i >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  static ApiError error(PatchException e) {
    String reason = switch (e.code()) {
      case 409 -> "Conflict";
      case 422 -> "Invalid";
      default -> "BadRequest";
    };
    return new ApiError(e.code(), reason, e.getMessage());
  }
}

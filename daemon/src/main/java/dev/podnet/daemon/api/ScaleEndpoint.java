package dev.podnet.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /scale} of Deployments and ReplicaSets: an {@code autoscaling/v1} Scale view (spec.replicas;
 * status.replicas and the selector as a string) that {@code kubectl scale} and autoscalers read and
 * write without touching the rest of the object.
 */
final class ScaleEndpoint {
  private final Store store;
  private final ObjectEndpoints objects;

  ScaleEndpoint(Store store, ObjectEndpoints objects) {
    this.store = store;
    this.objects = objects;
  }

  ApiResponse handle(ApiRequest r, ObjectPath p) {
    if (!p.type().equals(Resources.DEPLOYMENTS) && !p.type().equals(Resources.REPLICASETS)) {
      throw ApiError.notFound("the server could not find the requested resource " + r.path());
    }
    if (r.method().equals("GET")) {
      return ApiResponse.ok(scale(store.get(p.type(), p.namespace(), p.name())));
    }
    String type = BodyTree.mediaType(r);
    if (r.method().equals("PATCH") && !List.of(PatchEndpoint.JSON_PATCH, PatchEndpoint.MERGE_PATCH, PatchEndpoint.STRATEGIC).contains(type)) {
      throw new ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
          + String.join(", ", PatchEndpoint.JSON_PATCH, PatchEndpoint.MERGE_PATCH, PatchEndpoint.STRATEGIC));
    }
    JsonNode body = BodyTree.read(r).tree();
    if (r.method().equals("PUT") && !body.path("kind").asText("Scale").equals("Scale")) {
      throw ApiError.badRequest("the body is a " + body.path("kind").asText() + " but " + r.path() + " takes an autoscaling/v1 Scale");
    }
    // the controllers write status all the time: a scale that names no resourceVersion applies again to the fresh object
    return PatchEndpoint.retried(() -> {
      HasMetadata current = store.get(p.type(), p.namespace(), p.name());
      JsonNode wanted = r.method().equals("PATCH") ? PatchEndpoint.patched(type, Json.mapper().valueToTree(scale(current)), body) : body;
      return ApiResponse.ok(scale(write(r, p, current, wanted)));
    });
  }

  private HasMetadata write(ApiRequest r, ObjectPath p, HasMetadata current, JsonNode scale) {
    JsonNode replicas = scale.path("spec").path("replicas");
    if (!replicas.isMissingNode() && !replicas.isNull() && (!replicas.canConvertToInt() || !replicas.isIntegralNumber())) {
      throw ApiError.badRequest("Scale in version \"v1\" cannot be handled as a Scale: spec.replicas must be an integer, not " + replicas);
    }
    if (replicas.asInt(0) < 0) {
      throw ApiError.invalid("Scale.autoscaling \"" + p.name() + "\" is invalid: spec.replicas: Invalid value: " + replicas.asInt()
          + ": must be greater than or equal to 0");
    }
    String rv = scale.path("metadata").path("resourceVersion").asText("");
    if (!rv.isEmpty() && !rv.equals(current.getMetadata().getResourceVersion())) {
      throw ApiError.from(StoreException.conflict(p.type(), p.name()));
    }
    ObjectNode next = Json.mapper().valueToTree(current);
    next.withObjectProperty("spec").put("replicas", replicas.asInt(0));
    ObjectPath main = new ObjectPath(p.type(), p.namespace(), p.name(), "");
    HasMetadata updated = Json.mapper().convertValue(next, p.type().type());
    FieldOwners.recordUpdate(r, p, current, updated); // owned through the scale subresource, as upstream records it
    Object stored = ((ApiResponse.Json) objects.update(r, main, updated)).body();
    return (HasMetadata) stored;
  }

  static Map<String, Object> scale(HasMetadata o) {
    Integer want;
    Integer have;
    LabelSelector selector;
    if (o instanceof Deployment d) {
      want = d.getSpec().getReplicas();
      have = d.getStatus() == null ? null : d.getStatus().getReplicas();
      selector = d.getSpec().getSelector();
    } else {
      ReplicaSet rs = (ReplicaSet) o;
      want = rs.getSpec().getReplicas();
      have = rs.getStatus() == null ? null : rs.getStatus().getReplicas();
      selector = rs.getSpec().getSelector();
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", o.getMetadata().getName());
    meta.put("namespace", o.getMetadata().getNamespace());
    meta.put("uid", o.getMetadata().getUid());
    meta.put("resourceVersion", o.getMetadata().getResourceVersion());
    meta.put("creationTimestamp", o.getMetadata().getCreationTimestamp());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "Scale");
    out.put("apiVersion", "autoscaling/v1");
    out.put("metadata", meta);
    out.put("spec", Map.of("replicas", want == null ? 1 : want));
    out.put("status", Map.of("replicas", have == null ? 0 : have, "selector", selectorString(selector)));
    return out;
  }

  /** {@code app=hello,tier in (a,b),!canary}: a label selector as one query string. */
  static String selectorString(LabelSelector s) {
    if (s == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    if (s.getMatchLabels() != null) {
      new TreeMap<>(s.getMatchLabels()).forEach((k, v) -> parts.add(k + "=" + v));
    }
    if (s.getMatchExpressions() != null) {
      s.getMatchExpressions().forEach(e -> parts.add(switch (e.getOperator()) {
        case "In" -> e.getKey() + " in (" + String.join(",", e.getValues()) + ")";
        case "NotIn" -> e.getKey() + " notin (" + String.join(",", e.getValues()) + ")";
        case "Exists" -> e.getKey();
        default -> "!" + e.getKey();
      }));
    }
    return String.join(",", parts);
  }
}

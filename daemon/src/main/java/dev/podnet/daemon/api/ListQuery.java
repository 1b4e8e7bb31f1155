package dev.podnet.daemon.api;

import dev.podnet.api.FieldSelector;
import dev.podnet.api.LabelSelector;
import dev.podnet.api.ResourceType;
import dev.podnet.store.ListOptions;
import dev.podnet.store.ListResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a list, watch or deleteCollection request selects: {@code labelSelector}, {@code fieldSelector},
 * and for lists {@code limit} and {@code continue}, each read and checked as the API server does.
 */
record ListQuery(ResourceType type, LabelSelector labels, FieldSelector fields, long limit, String continueToken) {

  static ListQuery of(ApiRequest r, ResourceType type) {
    return new ListQuery(type, labels(r), fields(r, type), limit(r), r.param("continue", ""));
  }

  private static LabelSelector labels(ApiRequest r) {
    String s = r.param("labelSelector", "");
    try {
      return s.isEmpty() ? LabelSelector.everything() : LabelSelector.parse(s);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("unable to parse requirement: " + e.getMessage());
    }
  }

  private static FieldSelector fields(ApiRequest r, ResourceType type) {
    try {
      return FieldSelector.parse(type.kind(), r.param("fieldSelector", ""));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  private static long limit(ApiRequest r) {
    String s = r.param("limit", "");
    try {
      return s.isEmpty() ? 0 : Math.max(0, Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("limit: invalid value \"" + s + "\": expected a whole number of objects");
    }
  }

  boolean matches(HasMetadata o) {
    Map<String, String> l = o.getMetadata().getLabels();
    return labels.matches(l == null ? Map.of() : l) && fields.matches(o);
  }

  boolean selectsEverything() {
    return labels.isEmpty() && fields.isEmpty();
  }

  ListOptions options() {
    return new ListOptions(limit, continueToken, selectsEverything() ? Optional.empty() : Optional.of(this::matches));
  }

  /** A {@code PodList}-style answer: kind, apiVersion, list metadata (with continue and remainingItemCount on a page), items. */
  Map<String, Object> render(ListResult<? extends HasMetadata> l) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("resourceVersion", Long.toString(l.resourceVersion()));
    if (!l.continueToken().isEmpty()) {
      meta.put("continue", l.continueToken());
    }
    l.remainingItemCount().ifPresent(n -> meta.put("remainingItemCount", n));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", type.kind() + "List");
    out.put("apiVersion", type.apiVersion());
    out.put("metadata", meta);
    out.put("items", l.items());
    return out;
  }
}

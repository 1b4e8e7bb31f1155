package dev.podnet.daemon.api;

import dev.podnet.api.Json;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Aggregated discovery ({@code apidiscovery.k8s.io/v2 APIGroupDiscoveryList}): every group,
 * version and resource in one answer on {@code /api} and {@code /apis}. kubectl 1.32 asks for it
 * first and, when the answer's Content-Type names it, skips the request per group-version that
 * plain discovery takes.
 */
final class AggregatedDiscovery {
  private static final String GROUP = "apidiscovery.k8s.io";
  private static final String AS = "APIGroupDiscoveryList";

  private AggregatedDiscovery() {}

  /** The aggregated shape if the Accept header prefers one (v2 or v2beta1) to plain JSON. */
  static Optional<MediaType> asked(ApiRequest r) {
    for (MediaType m : MediaType.accepted(r)) {
      if (m.is(GROUP, "v2", AS) || m.is(GROUP, "v2beta1", AS)) {
        return Optional.of(m);
      }
      if (m.isPlain()) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** {@code core}: the document of {@code /api} (the core group), else of {@code /apis}. */
  static ApiResponse answer(boolean core, MediaType shape) {
    Map<String, List<ResourceType>> byGroup = new LinkedHashMap<>();
    for (ResourceType t : Resources.all()) {
      if (t.group().isEmpty() == core) {
        byGroup.computeIfAbsent(t.group(), g -> new ArrayList<>()).add(t);
      }
    }
    List<Map<String, Object>> items = new ArrayList<>();
    byGroup.forEach((group, types) -> items.add(group(group, types)));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", AS);
    doc.put("apiVersion", GROUP + "/" + shape.params().get("v"));
    doc.put("metadata", Map.of());
    doc.put("items", items);
    return new ApiResponse.Bytes(200, shape.contentType(), Map.of("Vary", "Accept"), Json.write(doc).getBytes(StandardCharsets.UTF_8));
  }

  /** A group's versions, the preferred first, each with its kinds. */
  private static Map<String, Object> group(String group, List<ResourceType> types) {
    List<Map<String, Object>> versions = new ArrayList<>();
    for (String v : Discovery.versionsByGroup(group.isEmpty()).get(group)) {
      Map<String, Object> version = new LinkedHashMap<>();
      version.put("version", v);
      version.put("resources", types.stream().filter(t -> t.version().equals(v)).map(AggregatedDiscovery::resource).toList());
      version.put("freshness", "Current");
      versions.add(version);
    }
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("metadata", group.isEmpty() ? Map.of() : Map.of("name", group));
    g.put("versions", versions);
    return g;
  }

  private static Map<String, Object> resource(ResourceType t) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("resource", t.plural());
    r.put("responseKind", kind(t.group(), t.version(), t.kind()));
    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
    r.put("singularResource", t.singular());
    r.put("verbs", ApiResources.verbs(t));
    if (!t.shortNames().isEmpty()) {
      r.put("shortNames", t.shortNames());
    }
    if (!ApiResources.categories(t).isEmpty()) {
      r.put("categories", ApiResources.categories(t));
    }
    List<Map<String, Object>> subs = new ArrayList<>();
    for (ApiResources.Subresource sub : ApiResources.subresources(t)) {
      subs.add(Map.of("subresource", sub.name(), "responseKind", kind(sub.group(), sub.version(), sub.kind()), "verbs", sub.verbs()));
    }
    if (!subs.isEmpty()) {
      r.put("subresources", subs);
    }
    return r;
  }

  private static Map<String, Object> kind(String group, String version, String kind) {
    return Map.of("group", group, "version", version, "kind", kind);
  }
}

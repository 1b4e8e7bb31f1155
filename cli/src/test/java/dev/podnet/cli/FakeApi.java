package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import dev.podnet.api.LabelSelector;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An in-memory podnetd for command tests: objects by path, lists with label selectors, dry runs that
 * store nothing, refusals set up per method and path, and watch streams replayed from queued lines.
 */
final class FakeApi implements Api {
  final Map<String, ObjectNode> objects = new LinkedHashMap<>();
  final List<String> writes = new ArrayList<>();
  final Deque<List<String>> streams = new ArrayDeque<>();
  private final Map<String, ApiException> refusals = new HashMap<>();
  private final Map<String, JsonNode> answers = new HashMap<>();
  private long revision = 100;

  FakeApi with(String json) {
    ObjectNode o = (ObjectNode) Fixtures.json(json);
    objects.put(path(o), stamp(o));
    return this;
  }

  /** GET {@code path} answers {@code json}: podnet.dev endpoints such as a pod's sandbox. */
  FakeApi answer(String path, String json) {
    answers.put(path, Fixtures.json(json));
    return this;
  }

  /** {@code method} on a path starting with {@code pathPrefix} (query included) fails with {@code e}. */
  FakeApi refuse(String method, String pathPrefix, ApiException e) {
    refusals.put(method + " " + pathPrefix, e);
    return this;
  }

  static String path(JsonNode o) {
    ResourceType type = Resources.byKind(o.path("apiVersion").asText(), o.path("kind").asText()).orElseThrow();
    return type.path(o.path("metadata").path("namespace").asText(""), o.path("metadata").path("name").asText());
  }

  @Override
  public JsonNode get(String path) {
    refused("GET", path);
    String bare = path.split("\\?")[0];
    if (answers.containsKey(path)) {
      return answers.get(path);
    }
    if (objects.containsKey(bare)) {
      return objects.get(bare).deepCopy();
    }
    for (ResourceType t : Resources.all()) {
      if (bare.equals(t.path("", "")) || bare.matches(t.apiPrefix() + "/namespaces/[^/]+/" + t.plural())) {
        return list(t, bare, path.contains("labelSelector=") ? URLDecoder.decode(path.split("labelSelector=")[1], StandardCharsets.UTF_8) : "");
      }
    }
    throw notFound(bare);
  }

  private JsonNode list(ResourceType type, String path, String selector) {
    ObjectNode list = Json.mapper().createObjectNode().put("kind", type.kind() + "List").put("apiVersion", type.apiVersion());
    list.putObject("metadata").put("resourceVersion", String.valueOf(revision));
    LabelSelector s = LabelSelector.parse(selector);
    objects.forEach((p, o) -> {
      boolean inPath = p.startsWith(path + "/") || (p.startsWith(type.apiPrefix()) && p.contains("/" + type.plural() + "/") && path.equals(type.path("", "")));
      Map<String, String> labels = Json.mapper().convertValue(o.path("metadata").path("labels"), Map.class);
      if (inPath && s.matches(labels == null ? Map.of() : labels)) {
        list.withArray("items").add(o.deepCopy());
      }
    });
    return list;
  }

  @Override
  public JsonNode post(String path, JsonNode body) {
    refused("POST", path);
    String at = path(body);
    if (path.contains("dryRun=All")) {
      return body;
    }
    if (objects.containsKey(at)) {
      throw new ApiException(409, "AlreadyExists", "already exists: " + at);
    }
    writes.add("POST " + at);
    objects.put(at, stamp(((ObjectNode) body).deepCopy()));
    return objects.get(at);
  }

  @Override
  public JsonNode put(String path, JsonNode body) {
    refused("PUT", path);
    String bare = path.split("\\?")[0];
    ObjectNode current = objects.get(bare);
    if (current == null) {
      throw notFound(bare);
    }
    String rv = body.path("metadata").path("resourceVersion").asText("");
    if (!rv.isEmpty() && !rv.equals(current.path("metadata").path("resourceVersion").asText())) {
      throw new ApiException(409, "Conflict", "the object has been modified");
    }
    if (path.contains("dryRun=All")) {
      return body;
    }
    writes.add("PUT " + bare);
    objects.put(bare, stamp(((ObjectNode) body).deepCopy()));
    return objects.get(bare);
  }

  @Override
  public JsonNode delete(String path) {
    refused("DELETE", path);
    String bare = path.split("\\?")[0];
    ObjectNode gone = objects.remove(bare);
    if (gone == null) {
      throw notFound(bare);
    }
    writes.add("DELETE " + path);
    return gone;
  }

  @Override
  public StreamEnd stream(String path, Duration timeout, Predicate<String> line) {
    refused("GET", path);
    if (streams.isEmpty()) {
      return StreamEnd.TIMED_OUT;
    }
    for (String l : streams.poll()) {
      if (!line.test(l)) {
        return StreamEnd.STOPPED;
      }
    }
    return StreamEnd.ENDED;
  }

  private ObjectNode stamp(ObjectNode o) {
    ObjectNode meta = o.with("metadata");
    meta.put("resourceVersion", String.valueOf(++revision));
    if (!meta.has("creationTimestamp")) {
      meta.put("creationTimestamp", "2024-01-01T00:00:00Z");
    }
    return o;
  }

  private void refused(String method, String path) {
    refusals.forEach((k, e) -> {
      if ((method + " " + path).startsWith(k)) {
        throw e;
      }
    });
  }

  private static ApiException notFound(String path) {
    String[] parts = path.split("/");
    return new ApiException(404, "NotFound", parts[parts.length - 2] + " \"" + parts[parts.length - 1] + "\" not found");
  }
}

package dev.podnet.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.store.ListOptions;
import dev.podnet.store.ListResult;
import dev.podnet.store.Preconditions;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import dev.podnet.store.Watch;
import dev.podnet.store.WatchHandler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * The {@link Store} of a remote cluster, through its Kubernetes API: what a node agent reads and
 * writes through, so its informers, proxy and runtime run the same code as podnetd's against etcd.
 * Plain JSON over the JDK's HTTP client (no client library's caches, pools or thread pools: a
 * node agent has a memory budget), watches as chunked streams that resume from the last
 * resourceVersion they saw. Status goes through the {@code /status} subresource, deletes of pods
 * are immediate ({@code gracePeriodSeconds=0}: what kubelet sends once the containers stopped).
 */
public final class ApiStore implements Store {
  static final ObjectMapper JSON = JsonMapper.builder().addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final ApiConnection connection;
  private final HttpClient http;
  private final Map<String, String> selectors;

  private ApiStore(ApiConnection connection, HttpClient http, Map<String, String> selectors) {
    this.connection = connection;
    this.http = http;
    this.selectors = Map.copyOf(selectors);
  }

  public static ApiStore connect(ApiConnection connection) {
    HttpClient http = HttpClient.newBuilder().sslContext(connection.tls()).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    return new ApiStore(connection, http, Map.of());
  }

  /** The same server, with lists and watches narrowed by a field selector ({@code spec.nodeName=node-1}), as a kubelet watches its pods. */
  public ApiStore withFieldSelector(String fieldSelector) {
    Map<String, String> s = new LinkedHashMap<>(selectors);
    s.put("fieldSelector", fieldSelector);
    return new ApiStore(connection, http, s);
  }

  public ApiConnection connection() {
    return connection;
  }

  /** POSTs to a subresource the Store interface has no verb for ({@code serviceaccounts/NAME/token}); the answer as JSON. */
  public JsonNode post(String path, Object body) {
    return exchange("POST", path, body, null);
  }

  @Override
  public <T extends HasMetadata> T create(T obj) {
    ResourceType type = Resources.of(obj);
    return send("POST", type.path(obj.getMetadata().getNamespace() == null ? "" : obj.getMetadata().getNamespace(), ""), obj, type);
  }

  @Override
  public <T extends HasMetadata> Optional<T> find(ResourceType type, String namespace, String name) {
    try {
      return Optional.of(send("GET", type.path(namespace, name), null, type));
    } catch (StoreException e) {
      if (e.is(StoreException.Reason.NOT_FOUND)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public <T extends HasMetadata> T update(T obj) {
    ResourceType type = Resources.of(obj);
    return send("PUT", type.path(namespaceOf(obj), obj.getMetadata().getName()), obj, type);
  }

  @Override
  public <T extends HasMetadata> T updateStatus(T obj) {
    ResourceType type = Resources.of(obj);
    return send("PUT", type.path(namespaceOf(obj), obj.getMetadata().getName()) + "/status", obj, type);
  }

  @Override
  public <T extends HasMetadata> T guaranteedUpdate(ResourceType type, String namespace, String name, UnaryOperator<T> mutate) {
    return retryOnConflict(type, namespace, name, mutate, this::update);
  }

  @Override
  public <T extends HasMetadata> T guaranteedUpdateStatus(ResourceType type, String namespace, String name, UnaryOperator<T> mutate) {
    return retryOnConflict(type, namespace, name, mutate, this::updateStatus);
  }

  private <T extends HasMetadata> T retryOnConflict(ResourceType type, String namespace, String name, UnaryOperator<T> mutate, UnaryOperator<T> write) {
    for (int attempt = 1; ; attempt++) {
      T current = this.<T>find(type, namespace, name).orElseThrow(() -> StoreException.notFound(type, name));
      String before = JSON.valueToTree(current).toString();
      T next = mutate.apply(current);
      if (JSON.valueToTree(next).toString().equals(before)) {
        return next; // nothing to write, as the etcd store answers an update that changes nothing
      }
      try {
        return write.apply(next);
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.CONFLICT) || attempt >= 20) {
          throw e;
        }
      }
    }
  }

  @Override
  public <T extends HasMetadata> T delete(ResourceType type, String namespace, String name, Preconditions preconditions) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("kind", "DeleteOptions");
    options.put("apiVersion", "v1");
    options.put("gracePeriodSeconds", 0);
    Map<String, String> pre = new LinkedHashMap<>();
    if (!preconditions.uid().isEmpty()) {
      pre.put("uid", preconditions.uid());
    }
    if (!preconditions.resourceVersion().isEmpty()) {
      pre.put("resourceVersion", preconditions.resourceVersion());
    }
    if (!pre.isEmpty()) {
      options.put("preconditions", pre);
    }
    return send("DELETE", type.path(namespace, name), options, type);
  }

  @Override
  public <T extends HasMetadata> ListResult<T> list(ResourceType type, String namespace) {
    return list(type, namespace, ListOptions.all());
  }

  @Override
  public <T extends HasMetadata> ListResult<T> list(ResourceType type, String namespace, ListOptions options) {
    Map<String, String> q = new LinkedHashMap<>(selectors);
    if (options.limit() > 0) {
      q.put("limit", String.valueOf(options.limit()));
    }
    if (!options.continueToken().isEmpty()) {
      q.put("continue", options.continueToken());
    }
    JsonNode list = exchange("GET", type.path(namespace, "") + query(q), null, type);
    List<T> items = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      T obj = decode(item, type);
      if (options.matches(obj)) {
        items.add(obj);
      }
    }
    JsonNode meta = list.path("metadata");
    OptionalLong remaining = meta.has("remainingItemCount") ? OptionalLong.of(meta.get("remainingItemCount").asLong()) : OptionalLong.empty();
    return new ListResult<>(items, Long.parseLong(meta.path("resourceVersion").asText("0")), meta.path("continue").asText(""), remaining);
  }

  @Override
  public <T extends HasMetadata> Watch watch(ResourceType type, String namespace, long fromResourceVersion, WatchHandler<T> handler) {
    return WatchStream.start(this, type, namespace, fromResourceVersion, handler);
  }

  /** Opens one watch from {@code resourceVersion} as a WebSocket whose messages go to {@code listener}. */
  java.util.concurrent.CompletableFuture<java.net.http.WebSocket> openWatch(ResourceType type, String namespace, long resourceVersion,
      java.net.http.WebSocket.Listener listener) {
    Map<String, String> q = new LinkedHashMap<>(selectors);
    q.put("watch", "true");
    q.put("allowWatchBookmarks", "true");
    q.put("resourceVersion", String.valueOf(resourceVersion));
    String url = connection.server().resolve(type.path(namespace, "") + query(q)).toString().replaceFirst("^http", "ws");
    java.net.http.WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    connection.token().current().ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b.buildAsync(java.net.URI.create(url), listener);
  }

  static <T extends HasMetadata> T decode(JsonNode node, ResourceType type) {
    try {
      @SuppressWarnings("unchecked")
      T obj = (T) JSON.treeToValue(node, type.type());
      return obj;
    } catch (IOException e) {
      throw new StoreException(StoreException.Reason.UNAVAILABLE, "the API server sent a " + type.kind() + " this client cannot read: " + e.getMessage(), e);
    }
  }

  private <T extends HasMetadata> T send(String method, String path, Object body, ResourceType type) {
    return decode(exchange(method, path, body, type), type);
  }

  private JsonNode exchange(String method, String path, Object body, ResourceType type) {
    HttpRequest req = request(method, path, body).timeout(REQUEST_TIMEOUT).build();
    try {
      HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      JsonNode tree = resp.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(resp.body());
      if (resp.statusCode() / 100 != 2) {
        throw ApiErrors.fromStatus(resp.statusCode(), tree, method + " " + path);
      }
      return tree;
    } catch (IOException e) {
      throw new StoreException(StoreException.Reason.UNAVAILABLE, method + " " + connection.server() + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Reason.UNAVAILABLE, "interrupted during " + method + " " + path, e);
    }
  }

  private HttpRequest.Builder request(String method, String path, Object body) {
    HttpRequest.BodyPublisher publisher;
    try {
      publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalArgumentException("encode request body for " + path + ": " + e.getMessage(), e);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(connection.server().resolve(path)).method(method, publisher)
        .header("Accept", "application/json").header("User-Agent", "podnet-agent/0.1.0");
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    connection.token().current().ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  private static String query(Map<String, String> q) {
    if (q.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    q.forEach((k, v) -> b.append(b.length() == 0 ? '?' : '&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString();
  }

  private static String namespaceOf(HasMetadata obj) {
    return obj.getMetadata().getNamespace() == null ? "" : obj.getMetadata().getNamespace();
  }
}

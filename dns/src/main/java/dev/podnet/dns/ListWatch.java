package dev.podnet.dns;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * client-go's reflector for one resource, over plain HTTP/JSON: list in pages, then watch from the
 * list's resourceVersion with bookmarks; a watch that ends is resumed from the last version seen, an
 * expired one (410 Gone) is relisted, and a relist deletes what vanished meanwhile. It keeps only the
 * objects' keys; each object goes to the {@link Sink} as a JSON tree and is dropped, so neither a
 * typed model nor a cache of whole objects is ever held (what CoreDNS's informers hold instead).
 */
final class ListWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ListWatch.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Lists come in pages of this many objects, so a first sync at 10k Services never holds them all as JSON at once. */
  static final int PAGE = 500;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** Where the objects go: both callbacks run on this watch's thread, one at a time. */
  interface Sink {
    /** The object as it is now (added or modified). */
    void put(JsonNode object);

    void delete(String namespace, String name);
  }

  private final HttpClient http;
  private final ApiEndpoint api;
  private final String path;
  private final Sink sink;
  private final Set<String> keys = new HashSet<>();
  private final Thread thread;
  private volatile boolean synced;
  private volatile boolean closed;
  private volatile InputStream open;
  /** When the open stream last delivered something (nanoTime): a watch silent past its own timeout is a dead connection. */
  private volatile long lastHeard = System.nanoTime();
  private String resourceVersion = "";

  /** {@code path}: the collection, e.g. {@code /api/v1/services} (all namespaces). */
  ListWatch(HttpClient http, ApiEndpoint api, String path, Sink sink) {
    this.http = http;
    this.api = api;
    this.path = path;
    this.sink = sink;
    this.thread = new Thread(this::run, "watch " + path);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** The first full list has been delivered. */
  boolean synced() {
    return synced;
  }

  private void run() {
    Duration backoff = Duration.ofMillis(200);
    boolean relist = true;
    while (!closed) {
      try {
        if (relist) {
          list();
          synced = true;
          relist = false;
        }
        relist = watch();
        backoff = Duration.ofMillis(200);
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return;
        }
        log.warn("watch failed resource={} rv={} retry_ms={}: {}", path, resourceVersion, backoff.toMillis(), e.toString());
        sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        relist = relist || resourceVersion.isEmpty();
      }
    }
  }

  /** Every page, then the keys that were not in any of them are deleted. */
  private void list() throws IOException {
    Set<String> seen = new HashSet<>();
    String next = "";
    do {
      String query = "?limit=" + PAGE + (next.isEmpty() ? "" : "&continue=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      try (InputStream in = get(path + query)) {
        next = page(in, seen);
      }
    } while (!next.isEmpty());
    for (String key : keys) {
      if (!seen.contains(key)) {
        int slash = key.indexOf('/');
        sink.delete(key.substring(0, slash), key.substring(slash + 1));
      }
    }
    keys.clear();
    keys.addAll(seen);
    log.info("listed resource={} rv={} objects={}", path, resourceVersion, seen.size());
  }

  /** One list page, streamed: items go to the sink one by one; returns the continue token ("" on the last page). */
  private String page(InputStream in, Set<String> seen) throws IOException {
    String next = "";
    try (JsonParser p = JSON.createParser(in)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "a list object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("items") && p.currentToken() == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            JsonNode item = JSON.readTree(p);
            seen.add(key(item));
            sink.put(item);
          }
        } else if (field.equals("metadata")) {
          JsonNode meta = JSON.readTree(p);
          resourceVersion = meta.path("resourceVersion").asText(resourceVersion);
          next = meta.path("continue").asText("");
        } else {
          p.skipChildren();
        }
      }
    }
    return next;
  }

  /** Follows one watch until the server ends it; true when the version expired and a relist is needed. */
  private boolean watch() throws IOException {
    String query = "?watch=true&allowWatchBookmarks=true&timeoutSeconds=300&resourceVersion=" + resourceVersion;
    try (InputStream in = get(path + query); MappingIterator<JsonNode> events = JSON.readerFor(JsonNode.class).readValues(in)) {
      while (!closed && events.hasNextValue()) {
        JsonNode e = events.nextValue();
        lastHeard = System.nanoTime();
        String type = e.path("type").asText();
        JsonNode object = e.path("object");
        if (type.equals("ERROR")) {
          log.info("watch ended resource={} rv={} code={} message={}", path, resourceVersion, object.path("code").asInt(),
              object.path("message").asText());
          return object.path("code").asInt() == 410;
        }
        resourceVersion = object.path("metadata").path("resourceVersion").asText(resourceVersion);
        switch (type) {
          case "ADDED", "MODIFIED" -> {
            keys.add(key(object));
            sink.put(object);
          }
          case "DELETED" -> {
            keys.remove(key(object));
            sink.delete(object.path("metadata").path("namespace").asText(), object.path("metadata").path("name").asText());
          }
          default -> { } // BOOKMARK: only the version moves
        }
      }
    }
    return false;
  }

  private InputStream get(String pathAndQuery) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + pathAndQuery)).header("Accept", "application/json").GET();
    api.token().get().ifPresent(t -> b.header("Authorization", "Bearer " + t));
    HttpResponse<InputStream> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (r.statusCode() == 410) {
      r.body().close();
      resourceVersion = "";
      throw new IOException("GET " + pathAndQuery + ": 410 Gone, relisting");
    }
    if (r.statusCode() != 200) {
      String body;
      try (InputStream in = r.body()) {
        body = new String(in.readNBytes(300), StandardCharsets.UTF_8);
      }
      throw new IOException("GET " + api.base() + pathAndQuery + ": HTTP " + r.statusCode() + ": " + body);
    }
    lastHeard = System.nanoTime();
    open = r.body();
    return open;
  }

  private static String key(JsonNode object) {
    JsonNode meta = object.path("metadata");
    return meta.path("namespace").asText() + "/" + meta.path("name").asText();
  }

  private static void expect(boolean ok, String what) throws IOException {
    if (!ok) {
      throw new IOException("expected " + what + " from the API");
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Ends the open stream if it has said nothing for {@code silence}: the JDK client has no read
   * timeout on a streamed body, and a connection that died without a FIN (an API host gone, a
   * dropped path) would otherwise hold this watch, and the answers, frozen; the loop then resumes.
   */
  void closeIfSilent(Duration silence) {
    if (System.nanoTime() - lastHeard > silence.toNanos()) {
      log.warn("watch silent resource={} rv={} for_s={}: reconnecting", path, resourceVersion, silence.toSeconds());
      lastHeard = System.nanoTime();
      closeStream();
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    closeStream();
  }

  private void closeStream() {
    InputStream in = open;
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // closing only to wake the reading thread
      }
    }
  }
}

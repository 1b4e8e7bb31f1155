package dev.podnet.daemon.api;

import dev.podnet.api.Json;
import dev.podnet.store.ListOptions;
import dev.podnet.store.ListResult;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import dev.podnet.store.Watch;
import dev.podnet.store.WatchEvent;
import dev.podnet.store.WatchHandler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ?watch=true} request, as the API server streams it: newline-delimited events, first the
 * current objects as ADDED when the client asked for them (no resourceVersion, or
 * {@code sendInitialEvents=true}, then a BOOKMARK marked {@code k8s.io/initial-events-end}), then
 * every change that passes the selectors; BOOKMARKs every {@code bookmarkInterval} when allowed,
 * so a client can resume without a relist; the end after {@code timeoutSeconds}.
 */
final class WatchStream {
  /** Upstream sends one about every minute; shorter lets a restarted client resume from closer. */
  static final Duration DEFAULT_BOOKMARK_INTERVAL = Duration.ofSeconds(15);
  static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

  private final Store store;
  private final ObjectPath path;
  private final ListQuery query;
  private final Params params;
  private final Duration bookmarkInterval;
  private final LinkedBlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
  private volatile long lastRevision;

  /** The watch parameters of the request, read once. */
  private record Params(long resourceVersion, Optional<Boolean> sendInitialEvents, boolean bookmarks, Duration timeout) {

    static Params of(ApiRequest r) {
      String rv = r.param("resourceVersion", "");
      Optional<Boolean> initial = r.query().containsKey("sendInitialEvents") ? Optional.of(r.flag("sendInitialEvents")) : Optional.empty();
      if (initial.isPresent() && !r.param("resourceVersionMatch", "").equals("NotOlderThan")) {
        throw invalid("resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
      }
      if (initial.orElse(false) && !r.flag("allowWatchBookmarks")) {
        throw invalid("allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true");
      }
      return new Params(number(rv, "resourceVersion"), initial, r.flag("allowWatchBookmarks"), timeout(r.param("timeoutSeconds", "")));
    }

    /** Without timeoutSeconds the API server picks 30 to 60 minutes, so that watches spread over its restarts. */
    private static Duration timeout(String seconds) {
      return seconds.isEmpty() ? Duration.ofSeconds(1800 + ThreadLocalRandom.current().nextInt(1800)) : Duration.ofSeconds(number(seconds, "timeoutSeconds"));
    }

    private static long number(String s, String what) {
      try {
        return s.isEmpty() ? 0 : Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw ApiError.badRequest(what + ": invalid value \"" + s + "\": expected a whole number");
      }
    }

    private static ApiError invalid(String detail) {
      return new ApiError(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: " + detail);
    }

    /** Legacy watches without a resourceVersion start with the current state; watch-list asks for it explicitly. */
    boolean initialEvents() {
      return sendInitialEvents.orElse(resourceVersion == 0);
    }
  }

  private WatchStream(Store store, ObjectPath path, ListQuery query, Params params, Duration bookmarkInterval) {
    this.store = store;
    this.path = path;
    this.query = query;
    this.params = params;
    this.bookmarkInterval = bookmarkInterval;
  }

  /** Checks the request now (a bad one is an error status, not a stream) and answers with the stream. */
  static ApiResponse open(Store store, ApiRequest r, ObjectPath p, Duration bookmarkInterval) {
    WatchStream w = new WatchStream(store, p, ListQuery.of(r, p.type()), Params.of(r), bookmarkInterval);
    return new ApiResponse.Stream("application/json", w::run);
  }

  private void run(ApiResponse.StreamSink sink) throws InterruptedException {
    long start = params.resourceVersion();
    if (params.initialEvents()) {
      ListResult<HasMetadata> l = store.list(path.type(), path.namespace(), new ListOptions(0, "", query.options().filter()));
      l.items().forEach(o -> events.add(event("ADDED", o)));
      start = l.resourceVersion();
      if (params.sendInitialEvents().orElse(false)) {
        events.add(bookmark(start, true));
      }
    } else if (start == 0) {
      start = store.list(path.type(), path.namespace(), new ListOptions(1, "", Optional.empty())).resourceVersion();
    }
    lastRevision = start;
    Watch watch = store.watch(path.type(), path.namespace(), start, handler());
    sink.onClose(watch::close);
    try {
      pump(sink);
    } finally {
      watch.close();
    }
  }

  private void pump(ApiResponse.StreamSink sink) throws InterruptedException {
    long deadline = System.nanoTime() + params.timeout().toNanos();
    long nextBookmark = System.nanoTime() + bookmarkInterval.toNanos();
    while (sink.isOpen() && System.nanoTime() < deadline) {
      long wait = Math.min(TimeUnit.SECONDS.toNanos(1), Math.max(1, deadline - System.nanoTime()));
      Map<String, Object> e = events.poll(wait, TimeUnit.NANOSECONDS);
      if (e != null) {
        sink.write(Json.write(e) + "\n");
        if ("ERROR".equals(e.get("type"))) {
          return;
        }
      } else if (params.bookmarks() && System.nanoTime() >= nextBookmark) {
        sink.write(Json.write(bookmark(lastRevision, false)) + "\n");
        nextBookmark = System.nanoTime() + bookmarkInterval.toNanos();
      }
    }
  }

  private WatchHandler<HasMetadata> handler() {
    return new WatchHandler<>() {
      @Override
      public void onEvent(WatchEvent<HasMetadata> e) {
        lastRevision = Math.max(lastRevision, e.resourceVersion());
        filtered(e).ifPresent(events::add);
      }

      @Override
      public void onError(StoreException e) {
        events.add(event("ERROR", ApiError.from(e).status()));
      }
    };
  }

  /**
   * The event as a filtered watch reports it, as upstream's: an object that starts to match is
   * ADDED, one that stops matching is DELETED (its last matching state, at this revision).
   */
  private Optional<Map<String, Object>> filtered(WatchEvent<HasMetadata> e) {
    boolean now = query.matches(e.object());
    if (e.type() != WatchEvent.Type.MODIFIED || query.selectsEverything()) {
      return now ? Optional.of(event(e.type().name(), e.object())) : Optional.empty();
    }
    boolean before = e.previous().map(query::matches).orElse(now);
    if (now) {
      return Optional.of(event(before ? "MODIFIED" : "ADDED", e.object()));
    }
    if (!before) {
      return Optional.empty();
    }
    HasMetadata last = e.previous().orElseThrow();
    last.getMetadata().setResourceVersion(e.object().getMetadata().getResourceVersion());
    return Optional.of(event("DELETED", last));
  }

  private static Map<String, Object> event(String type, Object object) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", type);
    e.put("object", object);
    return e;
  }

  /** An object of the watched kind carrying only the revision the client has seen everything up to. */
  private Map<String, Object> bookmark(long revision, boolean initialEventsEnd) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("resourceVersion", Long.toString(revision));
    if (initialEventsEnd) {
      meta.put("annotations", Map.of(INITIAL_EVENTS_END, "true"));
    }
    Map<String, Object> obj = new LinkedHashMap<>();
    obj.put("kind", path.type().kind());
    obj.put("apiVersion", path.type().apiVersion());
    obj.put("metadata", meta);
    return event("BOOKMARK", obj);
  }
}

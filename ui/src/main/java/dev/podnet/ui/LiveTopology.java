package dev.podnet.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology kept current by list-watching the five collections it is read from, one thread each.
 * Watch handlers only record the object; one coalescing rebuild, {@link #SETTLE_MS} after the first
 * change, turns the recorded objects into a snapshot and tells the listeners when it differs, so a
 * Deployment's ten pods are one update, and a new pod reaches the page well within a second.
 */
public final class LiveTopology implements TopologyFeed, AutoCloseable {
  static final long SETTLE_MS = 60;
  private static final Logger log = LoggerFactory.getLogger(LiveTopology.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PATHS = List.of("/api/v1/nodes", "/api/v1/pods", "/api/v1/services",
      "/apis/discovery.k8s.io/v1/endpointslices", "/api/v1/events");

  private final String cluster;
  private final Topology.Outside outside;
  private final ObjectSource source;
  private final List<Map<String, JsonNode>> objects = new ArrayList<>();
  private final List<Consumer<Topology>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService rebuilds = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "topology-rebuild"));
  private final AtomicBoolean rebuildPending = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Topology current;

  /** Lists everything once (so {@link #current} is whole from the start), then follows each collection on its own thread. */
  public LiveTopology(String cluster, Topology.Outside outside, ObjectSource source) {
    this.cluster = cluster;
    this.outside = outside;
    this.source = source;
    List<String> versions = new ArrayList<>();
    for (String path : PATHS) {
      Map<String, JsonNode> byKey = new ConcurrentHashMap<>();
      objects.add(byKey);
      versions.add(relist(path, byKey));
    }
    current = build();
    for (int i = 0; i < PATHS.size(); i++) {
      int index = i;
      daemon(() -> follow(PATHS.get(index), objects.get(index), versions.get(index)), "watch " + PATHS.get(i)).start();
    }
  }

  @Override
  public Topology current() {
    return current;
  }

  @Override
  public AutoCloseable subscribe(Consumer<Topology> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    closed.set(true);
    rebuilds.shutdownNow();
  }

  private String relist(String path, Map<String, JsonNode> byKey) {
    JsonNode list = source.list(path);
    byKey.clear();
    list.path("items").forEach(o -> byKey.put(key(o), o));
    return list.path("metadata").path("resourceVersion").asText("");
  }

  /** Watch from {@code version}; when the stream ends or the version expired, list again and go on (as an informer does). */
  private void follow(String path, Map<String, JsonNode> byKey, String version) {
    String from = version;
    while (!closed.get()) {
      try {
        String[] last = {from};
        source.watch(path + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + from, line -> record(line, byKey, last));
        from = last[0];
      } catch (RuntimeException e) {
        log.debug("watch={} error={}", path, e.toString());
        from = "";
      }
      if (closed.get()) {
        return;
      }
      if (from.isEmpty()) {
        sleep(500);
        try {
          from = relist(path, byKey);
          changed();
        } catch (RuntimeException e) {
          log.debug("relist={} error={}", path, e.toString());
        }
      }
    }
  }

  private boolean record(String line, Map<String, JsonNode> byKey, String[] last) {
    if (closed.get() || line.isBlank()) {
      return !closed.get();
    }
    JsonNode event;
    try {
      event = JSON.readTree(line);
    } catch (java.io.IOException e) {
      return true;
    }
    JsonNode object = event.path("object");
    switch (event.path("type").asText()) {
      case "ADDED", "MODIFIED" -> byKey.put(key(object), object);
      case "DELETED" -> byKey.remove(key(object));
      case "ERROR" -> {
        last[0] = ""; // expired: list again
        return false;
      }
      default -> { } // BOOKMARK: only the version moves
    }
    last[0] = object.path("metadata").path("resourceVersion").asText(last[0]);
    changed();
    return true;
  }

  private void changed() {
    if (rebuildPending.compareAndSet(false, true) && !closed.get()) {
      rebuilds.schedule(this::rebuild, SETTLE_MS, TimeUnit.MILLISECONDS);
    }
  }

  private void rebuild() {
    rebuildPending.set(false);
    Topology next = build();
    if (!next.equals(current)) {
      current = next;
      listeners.forEach(l -> l.accept(next));
    }
  }

  private Topology build() {
    return TopologyReader.read(cluster, new ClusterObjects(List.copyOf(objects.get(0).values()), List.copyOf(objects.get(1).values()),
        List.copyOf(objects.get(2).values()), List.copyOf(objects.get(3).values()), List.copyOf(objects.get(4).values())), outside);
  }

  private static String key(JsonNode o) {
    return o.path("metadata").path("namespace").asText("") + "/" + o.path("metadata").path("name").asText();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

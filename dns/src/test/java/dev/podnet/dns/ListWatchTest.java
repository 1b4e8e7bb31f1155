package dev.podnet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The list-watch against a fake API server speaking the Kubernetes list and watch protocol over HTTP. */
class ListWatchTest {
  private static final String END = "end";
  private HttpServer server;
  /** Each list call answers the next of these: page bodies keyed by the continue token ("" first). */
  private final BlockingQueue<Map<String, String>> lists = new LinkedBlockingQueue<>();
  private volatile Map<String, String> pages;
  /** Each watch call streams lines from the next queue until {@link #END}. */
  private final BlockingQueue<BlockingQueue<String>> watches = new LinkedBlockingQueue<>();
  private final List<String> watchQueries = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresToServe = new AtomicInteger();
  private final Map<String, String> objects = new ConcurrentHashMap<>();
  private ListWatch watch;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/services", this::serve);
    // a watch holds its exchange open: handlers need threads of their own, which must not keep the test JVM alive
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-api");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  @AfterEach
  void stop() {
    if (watch != null) {
      watch.close();
    }
    server.stop(0);
  }

  private void serve(HttpExchange x) throws IOException {
    String q = Optional.ofNullable(x.getRequestURI().getRawQuery()).orElse("");
    if (failuresToServe.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      respond(x, 403, "{\"kind\":\"Status\",\"code\":403}");
      return;
    }
    if (!q.contains("watch=true")) {
      String token = q.contains("continue=") ? q.replaceAll(".*continue=([^&]*).*", "$1") : "";
      if (token.isEmpty()) {
        pages = lists.poll();
      }
      respond(x, 200, pages == null ? "{\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}" : pages.get(token));
      return;
    }
    watchQueries.add(q);
    x.sendResponseHeaders(200, 0);
    try (OutputStream out = x.getResponseBody()) {
      BlockingQueue<String> lines = watches.poll(10, TimeUnit.SECONDS);
      for (String line = lines == null ? END : lines.take(); !line.equals(END); line = lines.take()) {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void respond(HttpExchange x, int code, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(code, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  private void startWatch() throws Exception {
    ApiEndpoint api = new ApiEndpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), SSLContext.getDefault(), Optional::empty);
    watch = new ListWatch(HttpClient.newHttpClient(), api, "/api/v1/services", new ListWatch.Sink() {
      @Override
      public void put(JsonNode object) {
        objects.put(object.path("metadata").path("name").asText(), object.path("spec").path("clusterIP").asText());
      }

      @Override
      public void delete(String namespace, String name) {
        objects.remove(name);
      }
    });
    watch.start();
  }

  private static String svc(String name, String ip, int rv) {
    return "{\"metadata\":{\"namespace\":\"ns\",\"name\":\"" + name + "\",\"resourceVersion\":\"" + rv + "\"},\"spec\":{\"clusterIP\":\"" + ip + "\"}}";
  }

  private static String event(String type, String object) {
    return "{\"type\":\"" + type + "\",\"object\":" + object + "}";
  }

  private static void await(java.util.function.BooleanSupplier ok, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void listsEveryPageThenFollowsTheWatchFromTheListsVersion() throws Exception {
    lists.add(Map.of("", "{\"metadata\":{\"continue\":\"p2\",\"resourceVersion\":\"7\"},\"items\":[" + svc("a", "10.96.0.1", 5) + "]}",
        "p2", "{\"items\":[" + svc("b", "10.96.0.2", 6) + "],\"metadata\":{\"resourceVersion\":\"7\"}}"));
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    watches.add(events);
    startWatch();
    await(watch::synced, "first list");
    assertThat(objects).containsOnly(Map.entry("a", "10.96.0.1"), Map.entry("b", "10.96.0.2"));
    events.add(event("ADDED", svc("c", "10.96.0.3", 8)));
    events.add(event("MODIFIED", svc("a", "10.96.0.9", 9)));
    events.add(event("DELETED", svc("b", "10.96.0.2", 10)));
    events.add(event("BOOKMARK", "{\"metadata\":{\"resourceVersion\":\"12\"}}"));
    await(() -> objects.size() == 2 && objects.containsKey("c"), "watch events");
    assertThat(objects).containsOnly(Map.entry("a", "10.96.0.9"), Map.entry("c", "10.96.0.3"));
    assertThat(watchQueries.get(0)).contains("resourceVersion=7").contains("allowWatchBookmarks=true");
    events.add(END); // the server ends the watch: it resumes from the bookmark's version
    await(() -> watchQueries.size() == 2, "the watch resumed");
    assertThat(watchQueries.get(1)).contains("resourceVersion=12");
  }

  @Test
  void anExpiredWatchRelistsAndDeletesWhatVanishedMeanwhile() throws Exception {
    lists.add(Map.of("", "{\"metadata\":{\"resourceVersion\":\"3\"},\"items\":[" + svc("a", "10.96.0.1", 2) + "," + svc("b", "10.96.0.2", 3) + "]}"));
    lists.add(Map.of("", "{\"metadata\":{\"resourceVersion\":\"40\"},\"items\":[" + svc("b", "10.96.0.5", 30) + "]}"));
    watches.add(new LinkedBlockingQueue<>(List.of(event("ERROR", "{\"kind\":\"Status\",\"code\":410,\"message\":\"too old\"}"), END)));
    BlockingQueue<String> second = new LinkedBlockingQueue<>();
    watches.add(second);
    startWatch();
    await(() -> watchQueries.size() == 2, "a watch after the relist");
    assertThat(objects).containsOnly(Map.entry("b", "10.96.0.5"));
    assertThat(watchQueries.get(1)).contains("resourceVersion=40");
    second.add(END);
  }

  @Test
  void anApiThatRefusesAtFirstIsRetriedUntilItLists() throws Exception {
    failuresToServe.set(2);
    lists.add(Map.of("", "{\"metadata\":{\"resourceVersion\":\"3\"},\"items\":[" + svc("a", "10.96.0.1", 2) + "]}"));
    startWatch();
    assertThat(watch.synced()).isFalse();
    await(watch::synced, "a list after two 403s");
    assertThat(objects).containsOnly(Map.entry("a", "10.96.0.1"));
  }

  @Test
  void objectsTheServerCannotMakeSenseOfDoNotStopTheWatch() throws Exception {
    lists.add(Map.of("", "{\"metadata\":{\"resourceVersion\":\"3\"},\"items\":[]}"));
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    watches.add(events);
    startWatch();
    await(watch::synced, "first list");
    events.add(event("ADDED", "{\"metadata\":{\"namespace\":\"ns\",\"name\":\"odd\"},\"spec\":{\"ports\":\"not a list\",\"clusterIP\":7}}"));
    events.add(event("ADDED", svc("z", "10.96.0.26", 5)));
    await(() -> objects.containsKey("z"), "the event after the odd one");
    assertThat(ClusterWatch.serviceEntry(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        "{\"metadata\":{\"namespace\":\"ns\",\"name\":\"odd\"},\"spec\":{\"ports\":\"not a list\",\"clusterIP\":7}}")).clusterIps()).isEmpty();
  }

  @Test
  void aWatchSilentForTooLongIsReconnectedFromItsVersion() throws Exception {
    lists.add(Map.of("", "{\"metadata\":{\"resourceVersion\":\"3\"},\"items\":[]}"));
    BlockingQueue<String> silent = new LinkedBlockingQueue<>();
    watches.add(silent);
    watches.add(new LinkedBlockingQueue<>());
    startWatch();
    await(() -> watchQueries.size() == 1, "the first watch");
    watch.closeIfSilent(Duration.ofHours(1));
    Thread.sleep(200);
    assertThat(watchQueries).as("not silent for an hour yet").hasSize(1);
    Thread.sleep(50);
    watch.closeIfSilent(Duration.ofMillis(10));
    await(() -> watchQueries.size() == 2, "a new watch after the silent one was closed");
    assertThat(watchQueries.get(1)).contains("resourceVersion=3");
    silent.add(END);
  }
}

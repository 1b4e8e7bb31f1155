package dev.podnet.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The live map's web server, on the loopback address only (the map shows the whole cluster's
 * addressing and runs traces: nothing for the LAN). Serves the page bundled into this jar under
 * {@code podnet-ui/}, the topology ({@code GET /api/topology}), its changes as Server-Sent Events
 * ({@code GET /api/events}, one {@code topology} event per change) and traces ({@code POST /api/trace?from=&to=}).
 */
public final class MapServer implements AutoCloseable {
  static final String BUNDLE = "podnet-ui/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "json", "application/json");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "map-http");
    t.setDaemon(true);
    return t;
  });

  /** Starts serving on 127.0.0.1:{@code port} (0: any free port). */
  public static MapServer start(int port, TopologyFeed feed, Tracer tracer) throws IOException {
    return new MapServer(port, feed, tracer);
  }

  private MapServer(int port, TopologyFeed feed, Tracer tracer) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(threads);
    server.createContext("/api/topology", ex -> send(ex, 200, "application/json", JSON.writeValueAsBytes(feed.current())));
    server.createContext("/api/events", ex -> new EventStream(ex, feed).run());
    server.createContext("/api/trace", ex -> trace(ex, tracer));
    server.createContext("/", MapServer::bundle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private static void trace(HttpExchange ex, Tracer tracer) throws IOException {
    if (!"POST".equals(ex.getRequestMethod())) {
      send(ex, 405, "application/json", error("a trace is run by POST /api/trace?from=ID&to=ID"));
      return;
    }
    Map<String, String> query = query(ex.getRequestURI());
    String from = query.getOrDefault("from", "");
    String to = query.getOrDefault("to", "");
    if (from.isEmpty() || to.isEmpty()) {
      send(ex, 400, "application/json", error("a trace needs from and to (map ids such as pod/default/a, svc/default/hello)"));
      return;
    }
    try {
      JsonNode result = tracer.trace(from, to);
      send(ex, 200, "application/json", JSON.writeValueAsBytes(result));
    } catch (Tracer.TraceException e) {
      send(ex, 502, "application/json", error(e.getMessage()));
    }
  }

  private static void bundle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String file = path.equals("/") ? "index.html" : path.substring(1);
    if (file.contains("..") || !"GET".equals(ex.getRequestMethod())) {
      send(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    try (InputStream in = MapServer.class.getClassLoader().getResourceAsStream(BUNDLE + file)) {
      if (in == null) {
        send(ex, 404, "text/plain", ("not found: " + path + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      String ext = file.substring(file.lastIndexOf('.') + 1);
      send(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
    }
  }

  static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] error(String message) throws IOException {
    return JSON.writeValueAsBytes(Map.of("error", message));
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}

package dev.podnet.ingress;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * ingress-nginx's status port (10254): {@code /healthz} answers 200 once the caches have synced
 * and the first routes are in place (so a new replica gets traffic only when it routes like the
 * others), and {@code /metrics} for Prometheus. The JDK's HTTP server on one small thread.
 */
final class StatusServer implements AutoCloseable {
  private final HttpServer server;

  StatusServer(int port, BooleanSupplier ready, Supplier<String> metrics) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 16);
    server.createContext("/healthz", x -> respond(x, ready.getAsBoolean() ? 200 : 503, ready.getAsBoolean() ? "ok" : "syncing"));
    server.createContext("/metrics", x -> respond(x, 200, metrics.get()));
    server.setExecutor(java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "status");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  private static void respond(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

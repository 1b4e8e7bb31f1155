package dev.podnet.dns;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * CoreDNS's three HTTP ports: health (liveness, 200 while the process serves), ready (200 once
 * the informer caches have synced, so the Service only sends queries to a server that knows the
 * cluster) and Prometheus metrics. The JDK's HTTP server: no dependency, one small thread.
 */
final class ProbeServer implements AutoCloseable {
  /** The three ports; 0 picks free ones (tests). */
  record Ports(int health, int ready, int metrics) {}

  private final List<HttpServer> servers = new ArrayList<>();

  ProbeServer(Ports ports, BooleanSupplier ready, Supplier<String> metrics) throws IOException {
    java.util.concurrent.Executor one = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "probes");
      t.setDaemon(true);
      return t;
    });
    servers.add(serve(ports.health(), "/health", () -> new Reply(200, "OK"), one));
    servers.add(serve(ports.ready(), "/ready",
        () -> ready.getAsBoolean() ? new Reply(200, "OK") : new Reply(503, "kubernetes"), one));
    servers.add(serve(ports.metrics(), "/metrics", () -> new Reply(200, metrics.get()), one));
  }

  private record Reply(int status, String body) {}

  private static HttpServer serve(int port, String path, Supplier<Reply> reply, java.util.concurrent.Executor executor)
      throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(port), 16);
    s.createContext(path, exchange -> respond(exchange, reply.get()));
    s.setExecutor(executor);
    s.start();
    return s;
  }

  private static void respond(HttpExchange exchange, Reply reply) throws IOException {
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    exchange.sendResponseHeaders(reply.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  int port(int index) {
    return servers.get(index).getAddress().getPort();
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
  }
}

package dev.podnet.agent.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves a registry at {@code /metrics} on the node's address, port {@link #PORT} (kube-proxy's
 * metrics port): the agent runs in its node's namespace, so this is the node's port, not the host's.
 */
public final class MetricsServer implements AutoCloseable {
  public static final int PORT = 10249;

  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  public static MetricsServer start(InetSocketAddress address, Metrics metrics) throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    server.createContext("/metrics", ex -> {
      byte[] body = metrics.render().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return new MetricsServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

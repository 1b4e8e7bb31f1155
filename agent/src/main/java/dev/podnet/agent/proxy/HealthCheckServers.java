package dev.podnet.agent.proxy;

import dev.podnet.agent.proxy.RenderedService.HealthCheck;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.NetnsExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's ServiceHealthServer: one HTTP listener per {@code healthCheckNodePort}, in the
 * node's namespace, answering 200 while this node has a ready local endpoint and 503 otherwise,
 * so a load balancer sends eTP=Local traffic only to nodes that can serve it.
 */
final class HealthCheckServers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthCheckServers.class);
  private final Netns netns;
  private final Map<Integer, Server> servers = new HashMap<>();
  private NetnsExecutor executor;

  HealthCheckServers(Netns netns) {
    this.netns = netns;
  }

  /** Makes the listeners exactly {@code wanted} (port → check). */
  synchronized void ensure(Map<Integer, HealthCheck> wanted) {
    servers.entrySet().removeIf(e -> {
      if (!wanted.containsKey(e.getKey())) {
        e.getValue().close();
        return true;
      }
      return false;
    });
    for (Map.Entry<Integer, HealthCheck> w : wanted.entrySet()) {
      Server s = servers.get(w.getKey());
      if (s == null) {
        try {
          servers.put(w.getKey(), new Server(open(w.getKey()), w.getValue()));
        } catch (RuntimeException e) {
          log.warn("health check server failed netns={} port={} service={}/{} error={}", netns, w.getKey(),
              w.getValue().namespace(), w.getValue().name(), e.getMessage());
        }
      } else {
        s.check.set(w.getValue());
      }
    }
  }

  /** The socket is created on a thread inside the namespace, so it belongs to the node. */
  private ServerSocket open(int port) {
    if (executor == null) {
      executor = new NetnsExecutor(netns, 1);
    }
    return executor.call(() -> {
      ServerSocket ss = new ServerSocket();
      ss.setReuseAddress(true);
      ss.bind(new java.net.InetSocketAddress(port));
      return ss;
    });
  }

  static String body(HealthCheck c) {
    return "{\"service\":{\"namespace\":\"" + c.namespace() + "\",\"name\":\"" + c.name() + "\"},\"localEndpoints\":"
        + c.localReady() + ",\"serviceProxyHealthy\":true}";
  }

  @Override
  public synchronized void close() {
    servers.values().forEach(Server::close);
    servers.clear();
    if (executor != null) {
      executor.close();
    }
  }

  private static final class Server {
    final ServerSocket socket;
    final AtomicReference<HealthCheck> check;

    Server(ServerSocket socket, HealthCheck check) {
      this.socket = socket;
      this.check = new AtomicReference<>(check);
      Thread t = new Thread(this::serve, "healthcheck-" + check.port());
      t.setDaemon(true);
      t.start();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          s.setSoTimeout(2000);
          readRequestHead(s.getInputStream());
          HealthCheck c = check.get();
          byte[] body = body(c).getBytes(StandardCharsets.UTF_8);
          String status = c.localReady() > 0 ? "200 OK" : "503 Service Unavailable";
          OutputStream out = s.getOutputStream();
          out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
              + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body);
        } catch (IOException e) {
          // a closed listener ends the loop; a broken client only ends its own exchange
        }
      }
    }

    private static void readRequestHead(InputStream in) throws IOException {
      int matched = 0;
      int b;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < 4 && (b = in.read()) >= 0) {
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}

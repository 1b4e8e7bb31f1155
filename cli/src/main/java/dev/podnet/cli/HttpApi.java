package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.podnet.api.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * {@link Api} over HTTP/1.1 on podnetd's unix socket: one blocking connection per request
 * ({@code Connection: close}), so a streamed body simply ends when either side closes.
 */
public final class HttpApi implements Api {
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "podnet-api-timeout");
    t.setDaemon(true);
    return t;
  });

  private final Cluster cluster;

  public HttpApi(Cluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public JsonNode get(String path) {
    return call("GET", path, null);
  }

  @Override
  public JsonNode post(String path, JsonNode body) {
    return call("POST", path, body);
  }

  @Override
  public JsonNode put(String path, JsonNode body) {
    return call("PUT", path, body);
  }

  @Override
  public JsonNode delete(String path) {
    return call("DELETE", path, null);
  }

  @Override
  public StreamEnd stream(String path, Duration timeout, Predicate<String> line) {
    AtomicBoolean timedOut = new AtomicBoolean();
    try (SocketChannel channel = connect()) {
      var alarm = timeout.isZero() ? null : TIMER.schedule(() -> closeOnTimeout(channel, timedOut), timeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        HttpResponse response = exchange(channel, "GET", path, null);
        failOnError(response, "GET " + path);
        InputStream body = response.body();
        for (String l = HttpResponse.line(body); l != null; l = HttpResponse.line(body)) {
          if (!line.test(l)) {
            return StreamEnd.STOPPED;
          }
        }
        return StreamEnd.ENDED;
      } finally {
        if (alarm != null) {
          alarm.cancel(false);
        }
      }
    } catch (IOException e) {
      if (timedOut.get()) {
        return StreamEnd.TIMED_OUT;
      }
      throw broken("GET " + path, e);
    }
  }

  private JsonNode call(String method, String path, JsonNode body) {
    String request = method + " " + path;
    try (SocketChannel channel = connect()) {
      HttpResponse response = exchange(channel, method, path, body);
      failOnError(response, request);
      String text = response.text();
      return response.isJson() || text.startsWith("{") ? Json.mapper().readTree(text) : TextNode.valueOf(text);
    } catch (IOException e) {
      throw broken(request, e);
    }
  }

  private SocketChannel connect() {
    if (!Files.exists(cluster.socket())) {
      throw ApiException.noCluster(cluster);
    }
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(cluster.socket()));
      return channel;
    } catch (IOException e) {
      closeQuietly(channel);
      String why = String.valueOf(e.getMessage());
      if (why.contains("ermission denied")) {
        throw new ApiException(0, "Forbidden", "cannot connect to podnetd at " + cluster.socket() + ": permission denied (the socket is root's: run podnet as root)");
      }
      throw ApiException.noCluster(cluster);
    }
  }

  private static HttpResponse exchange(SocketChannel channel, String method, String path, JsonNode body) throws IOException {
    byte[] payload = body == null ? new byte[0] : Json.write(body).getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: podnetd\r\nUser-Agent: podnet-cli\r\nAccept: application/json\r\nConnection: close\r\n");
    if (body != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
    }
    head.append("\r\n");
    OutputStream out = Channels.newOutputStream(channel);
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    out.write(payload);
    out.flush();
    return HttpResponse.read(new BufferedInputStream(Channels.newInputStream(channel)));
  }

  private static void failOnError(HttpResponse response, String request) throws IOException {
    if (response.status() < 400) {
      return;
    }
    String text = response.text();
    JsonNode parsed;
    try {
      parsed = Json.mapper().readTree(text);
    } catch (IOException notJson) {
      parsed = TextNode.valueOf(text.strip());
    }
    throw ApiException.fromStatus(response.status(), request, parsed);
  }

  private ApiException broken(String request, IOException e) {
    return new ApiException(0, "InternalError", request + " to podnetd at " + cluster.socket() + " failed: " + e.getMessage());
  }

  private static void closeOnTimeout(SocketChannel channel, AtomicBoolean timedOut) {
    timedOut.set(true);
    closeQuietly(channel);
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // closing is all that is left to do
    }
  }
}

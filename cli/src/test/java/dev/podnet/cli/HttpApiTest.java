package dev.podnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real HTTP client against a tiny server on a unix socket, answering each request with canned bytes. */
class HttpApiTest {
  @TempDir
  Path base;

  private ServerSocketChannel server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private HttpApi serve(Function<String, String> answer) throws IOException {
    Cluster cluster = Cluster.named("t", Map.of(Cluster.STATE_DIR_ENV, base.toString()));
    Files.createDirectories(cluster.stateDir());
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(cluster.socket()));
    Thread t = new Thread(() -> {
      while (server.isOpen()) {
        try (SocketChannel c = server.accept()) {
          String request = readRequest(c);
          requests.add(request);
          c.write(ByteBuffer.wrap(answer.apply(request).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException closed) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return new HttpApi(cluster);
  }

  private static String readRequest(SocketChannel c) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(4096);
    int length = -1;
    while (true) {
      String text = b.toString(StandardCharsets.UTF_8);
      int head = text.indexOf("\r\n\r\n");
      if (head >= 0) {
        var m = java.util.regex.Pattern.compile("Content-Length: (\\d+)").matcher(text);
        length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        if (b.size() >= head + 4 + length) {
          return text;
        }
      }
      buf.clear();
      if (c.read(buf) < 0) {
        return text;
      }
      b.write(buf.array(), 0, buf.position());
    }
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aContentLengthBodyIsReadAsJsonAndTheRequestCarriesItsBody() throws IOException {
    HttpApi api = serve(r -> "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{\"kind\":\"Pod\",\"x\":\"stored\"}");
    var body = Fixtures.json("{\"kind\":\"Pod\"}");
    assertThat(api.post("/api/v1/namespaces/default/pods", body).path("x").asText()).isEqualTo("stored");
    assertThat(requests.get(0)).startsWith("POST /api/v1/namespaces/default/pods HTTP/1.1\r\n").contains("Content-Length: 14\r\n")
        .endsWith("\r\n\r\n{\"kind\":\"Pod\"}");
  }

  @Test
  void aChunkedWatchIsHandedOverLineByLineUntilTheHandlerStops() throws IOException {
    String e1 = "{\"type\":\"ADDED\",\"object\":{}}\n";
    String e2 = "{\"type\":\"DELETED\",\"object\":{}}\n";
    HttpApi api = serve(r -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(e1.length() + 5) + "\r\n" + e1 + "{\"typ\r\n"
        + Integer.toHexString(e2.length() - 5) + "\r\n" + e2.substring(5) + "\r\n0\r\n\r\n");
    List<String> lines = new ArrayList<>();
    Api.StreamEnd end = api.stream("/api/v1/pods?watch=true", Duration.ofSeconds(5), l -> lines.add(l) && lines.size() < 5);
    assertThat(end).isEqualTo(Api.StreamEnd.ENDED);
    assertThat(lines).containsExactly(e1.strip(), "{\"type\":\"DELETED\",\"object\":{}}");
  }

  @Test
  void aStreamThatGoesQuietEndsAtItsTimeout() throws IOException {
    HttpApi api = serve(r -> {
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "";
    });
    assertThat(api.stream("/api/v1/pods?watch=true", Duration.ofMillis(200), l -> true)).isEqualTo(Api.StreamEnd.TIMED_OUT);
  }

  @Test
  void aStatusBodyBecomesOneApiExceptionWithKubectlsLine() throws IOException {
    String status = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"pods \\\"web\\\" not found\",\"reason\":\"NotFound\",\"code\":404}";
    HttpApi api = serve(r -> "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: " + status.length() + "\r\n\r\n" + status);
    assertThatThrownBy(() -> api.get("/api/v1/namespaces/default/pods/web")).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.code()).isEqualTo(404);
      assertThat(e.line()).isEqualTo("Error from server (NotFound): pods \"web\" not found");
    });
  }

  @Test
  void aBodyUntilCloseAndPlainTextAreReadToo() throws IOException {
    HttpApi api = serve(r -> "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nok");
    assertThat(api.get("/healthz").asText()).isEqualTo("ok");
  }

  @Test
  void aSocketNobodyListensOnMeansNoCluster() throws IOException {
    Cluster cluster = Cluster.named("gone", Map.of(Cluster.STATE_DIR_ENV, base.toString()));
    Files.createDirectories(cluster.stateDir());
    Files.createFile(cluster.socket());
    assertThatThrownBy(() -> new HttpApi(cluster).get("/healthz")).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isNoCluster()).isTrue());
  }
}

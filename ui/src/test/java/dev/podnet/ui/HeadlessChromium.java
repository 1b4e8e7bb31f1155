package dev.podnet.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's chromium, headless, driven through the Chrome DevTools Protocol over the JDK's own
 * WebSocket client: open a page, evaluate JavaScript in it, take a screenshot. No WebDriver needed.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");

  private final Process process;
  private final Path profile;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();

  /** Starts chromium on about:blank; skips the test when there is none (fails under CI=true: bin/setup installs it). */
  public static HeadlessChromium start() throws Exception {
    boolean present = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").anyMatch(p -> Files.isExecutable(Path.of(p)));
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("no chromium on this machine; bin/setup installs Debian's chromium");
    }
    Assumptions.assumeTrue(present, "no chromium on this machine (apt-get install chromium)");
    return new HeadlessChromium();
  }

  private HeadlessChromium() throws Exception {
    profile = Files.createTempDirectory("pnu-chromium");
    // --no-sandbox: tests run as root, where chromium refuses its sandbox
    process = new ProcessBuilder(Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : "/usr/bin/chromium-browser",
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--window-size=1400,900",
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String browser = devtoolsUrl();
    int port = URI.create(browser).getPort();
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    String pageUrl = "";
    for (JsonNode t : targets) {
      if ("page".equals(t.path("type").asText())) {
        pageUrl = t.path("webSocketDebuggerUrl").asText();
      }
    }
    if (pageUrl.isEmpty()) {
      throw new IllegalStateException("chromium started without a page target: " + targets);
    }
    page = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new Replies()).get(10, TimeUnit.SECONDS);
  }

  /** Chromium prints where its DevTools endpoint listens on stderr; the rest of stderr is drained so it never blocks. */
  private String devtoolsUrl() throws Exception {
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = err.readLine(); line != null; line = err.readLine()) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
        url.completeExceptionally(new IllegalStateException("chromium exited before its DevTools endpoint listened"));
      } catch (IOException e) {
        url.completeExceptionally(e);
      }
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    return url.get(60, TimeUnit.SECONDS);
  }

  public void navigate(URI url) throws Exception {
    call("Page.navigate", JSON.createObjectNode().put("url", url.toString()));
  }

  /** The value of {@code expression} in the page (a Promise is awaited), as JSON. */
  public JsonNode eval(String expression) throws Exception {
    JsonNode result = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
        .put("awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("page threw on " + expression + ": " + result.path("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  public byte[] screenshot() throws Exception {
    return java.util.Base64.getDecoder().decode(call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")).path("data").asText());
  }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    calls.put(id, reply);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    page.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    JsonNode answer = reply.get(60, TimeUnit.SECONDS);
    if (answer.has("error")) {
      throw new IllegalStateException(method + " failed in chromium: " + answer.path("error"));
    }
    return answer.path("result");
  }

  @Override
  public void close() throws Exception {
    page.abort();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Collects a reply's frames and completes the call with its id; events (no id) are not needed here. */
  private final class Replies implements WebSocket.Listener {
    private final StringBuilder frames = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      frames.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(frames.toString());
          CompletableFuture<JsonNode> call = calls.remove(message.path("id").asInt(-1));
          if (call != null) {
            call.complete(message);
          }
        } catch (IOException e) {
          // not JSON: nothing to answer
        }
        frames.setLength(0);
      }
      socket.request(1);
      return null;
    }
  }
}

package dev.podnet.daemon.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Json;
import dev.podnet.daemon.api.ApiServer;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.KernelTestSupport;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec through the real server on a unix socket, with a real WebSocket client, into a stand-in container. */
@KernelTest
class ExecWebSocketIT {
  private static final String EXEC = "/api/v1/namespaces/default/pods/box/exec?container=main&";
  private static final String OFFER = "v5.channel.k8s.io,v4.channel.k8s.io,v3.channel.k8s.io,v2.channel.k8s.io,channel.k8s.io";

  @TempDir
  Path dir;
  private Process container;
  private ApiServer server;

  @BeforeEach
  void start() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("unshare", "--uts", "--", "sh", "-c", "hostname " + KernelTestSupport.prefix() + "box && exec sleep 300");
    pb.environment().put("GREETING", "hello from box");
    container = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!Files.readString(Path.of("/proc", Long.toString(container.pid()), "cmdline")).startsWith("sleep") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    TestPods pods = new TestPods(dir).with("box", "main");
    pods.running("box", "main", container.pid());
    ExecEndpoint exec = new ExecEndpoint(pods);
    server = ApiServer.start(dir.resolve("api.sock"), r -> exec.exec(r, "default", "box"));
  }

  @AfterEach
  void stop() {
    server.close();
    container.destroyForcibly();
  }

  private WebSocketClient exec(String query, String offer) throws Exception {
    return new WebSocketClient(server.unixSocket().orElseThrow(), EXEC + query, offer);
  }

  private static String command(String... argv) {
    return String.join("&", Stream.of(argv).map(a -> "command=" + URLEncoder.encode(a, StandardCharsets.UTF_8)).toList());
  }

  private static String channel(List<WebSocketClient.Frame> frames, int ch) {
    return frames.stream().filter(f -> f.channel() == ch).map(WebSocketClient.Frame::text).collect(Collectors.joining());
  }

  @Test
  void outputComesOnItsChannelsAndTheExitStatusLastBeforeANormalClose() throws Exception {
    try (WebSocketClient c = exec(command("sh", "-c", "hostname; echo $GREETING; echo oops >&2; exit 3") + "&stdout=true&stderr=true", OFFER)) {
      assertThat(c.subprotocol()).isEqualTo("v5.channel.k8s.io");
      List<WebSocketClient.Frame> frames = c.untilClosed();
      assertThat(channel(frames, 1)).isEqualTo(KernelTestSupport.prefix() + "box\nhello from box\n");
      assertThat(channel(frames, 2)).isEqualTo("oops\n");
      assertThat(frames.get(frames.size() - 1).channel()).isEqualTo(3);
      var status = Json.mapper().readTree(channel(frames, 3));
      assertThat(status.path("status").asText()).isEqualTo("Failure");
      assertThat(status.path("reason").asText()).isEqualTo("NonZeroExitCode");
      assertThat(status.path("details").path("causes").get(0).path("reason").asText()).isEqualTo("ExitCode");
      assertThat(status.path("details").path("causes").get(0).path("message").asText()).isEqualTo("3");
    }
  }

  @Test
  void stdinEndsWithTheV5CloseSignal() throws Exception {
    try (WebSocketClient c = exec(command("cat") + "&stdin=true&stdout=true", OFFER)) {
      c.send(ChannelProtocol.STDIN, "hi\n");
      assertThat(c.next().text()).isEqualTo("hi\n");
      c.send(ChannelProtocol.CLOSE, (byte) ChannelProtocol.STDIN);
      List<WebSocketClient.Frame> rest = c.untilClosed();
      assertThat(channel(rest, 3)).contains("\"status\":\"Success\"");
    }
  }

  @Test
  void v4IsSpokenToAClientThatOffersNothingNewer() throws Exception {
    try (WebSocketClient c = exec(command("echo", "v4") + "&stdout=true", "v4.channel.k8s.io,channel.k8s.io")) {
      assertThat(c.subprotocol()).isEqualTo("v4.channel.k8s.io");
      List<WebSocketClient.Frame> frames = c.untilClosed();
      assertThat(channel(frames, 1)).isEqualTo("v4\n");
      assertThat(channel(frames, 3)).contains("Success");
    }
  }

  @Test
  void aTtyStartsWithTheClientsSizeAndFollowsItsResizes() throws Exception {
    try (WebSocketClient c = exec(command("sh", "-c", "tty; stty size; read x; stty size") + "&stdin=true&stdout=true&tty=true", OFFER)) {
      c.send(ChannelProtocol.RESIZE, "{\"Width\":100,\"Height\":40}");
      StringBuilder seen = new StringBuilder();
      while (!seen.toString().contains("40 100")) {
        seen.append(c.next().text());
      }
      assertThat(seen.toString()).matches("(?s)/dev/pts/\\d+\r\n40 100\r\n.*");
      c.send(ChannelProtocol.RESIZE, "{\"Width\":120,\"Height\":50}");
      c.send(ChannelProtocol.STDIN, "\n");
      assertThat(channel(c.untilClosed(), 1)).contains("50 120");
    }
  }

  @Test
  void aClientThatGoesAwayTakesTheCommandsWholeTreeAndLeavesNothingBehind() throws Exception {
    try (WebSocketClient warmUp = exec(command("true") + "&stdout=true&tty=true&stdin=true", OFFER)) {
      warmUp.untilClosed();
    }
    awaitNoExecThreads();
    Set<String> fds = openFds();
    WebSocketClient c = exec(command("sh", "-c", "sleep 300 & sleep 300 & echo started; wait") + "&stdin=true&stdout=true&tty=true", OFFER);
    c.send(ChannelProtocol.RESIZE, "{\"Width\":80,\"Height\":24}");
    assertThat(c.next().text()).contains("started");
    List<ProcessHandle> tree = ProcessHandle.current().descendants()
        .filter(p -> p.pid() != container.pid() && p.info().commandLine().orElse("").contains("sleep 300")).toList();
    // the shell and its two sleeps
    assertThat(tree).hasSize(3);
    c.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    awaitNoExecThreads();
    assertThat(openFds()).isEqualTo(fds);
  }

  private static void awaitNoExecThreads() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!execThreads().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(execThreads()).isEmpty();
  }

  private static List<String> execThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith("pod-exec-")).toList();
  }

  /** This JVM's open files, but the listing's own. */
  private static Set<String> openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      Set<String> out = new TreeSet<>();
      for (Path fd : fds.toList()) {
        try {
          out.add(fd.getFileName() + "->" + Files.readSymbolicLink(fd));
        } catch (IOException gone) {
          // the listing's own descriptor, closed by now
        }
      }
      out.removeIf(f -> f.contains("/fd") || f.contains("socket:") || f.contains("anon_inode") || f.contains("pipe:"));
      return out;
    }
  }
}

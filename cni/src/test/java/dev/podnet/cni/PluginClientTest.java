package dev.podnet.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C client ({@code target/podnet-cni}) against the reference, {@link PluginMain}: the same
 * request gives the same stdout and exit code, and the agent receives the same bytes. A fake agent
 * answers with canned replies. Then the C client's input handling is fuzzed: it must always exit
 * promptly with a CNI answer, never crash or hang.
 */
class PluginClientTest {
  static final Path CLIENT = Path.of(System.getProperty("podnet.cni.client", "target/podnet-cni")).toAbsolutePath();

  @TempDir
  Path dir;
  FakeAgent agent;

  @BeforeEach
  void startAgent() throws IOException {
    agent = new FakeAgent(dir.resolve("cni.sock"));
  }

  @AfterEach
  void stopAgent() throws IOException {
    agent.close();
  }

  String conf(String version) {
    return "{\"cniVersion\":\"" + version + "\",\"name\":\"podnet\",\"type\":\"podnet-cni\",\"socket\":\"" + agent.socket + "\"}";
  }

  static Map<String, String> env(String command) {
    Map<String, String> env = new HashMap<>(Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", "c1", "CNI_NETNS", "/run/netns/p1",
        "CNI_IFNAME", "eth0", "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=web-0", "CNI_PATH", "/opt/cni/bin"));
    return env;
  }

  @Test
  void agentRepliesAreRelayedAsTheReferenceRelaysThem() throws Exception {
    List<String> replies = List.of(
        "{\"exitCode\":0,\"stdout\":\"{\\\"cniVersion\\\":\\\"1.1.0\\\",\\\"ips\\\":[]}\\n\"}",
        "{\"exitCode\":1,\"stdout\":\"{\\\"code\\\":11,\\\"msg\\\":\\\"pool \\u00e9puis\\u00e9\\\"}\"}",
        "{\"stdout\":\"\",\"exitCode\":0}",
        "{\"exitCode\":300,\"stdout\":\"wrapped exit\"}",
        "{\"exitCode\":\"0\",\"stdout\":\"\"}",
        "{\"exitCode\":0,\"stdout\":5}",
        "not json",
        "");
    for (String reply : replies) {
      for (String command : List.of("ADD", "del", "CHECK", "GC", "STATUS")) {
        agent.reply(reply);
        Map<String, String> env = env(command);
        CniResponse c = runClient(env, conf("1.0.0").getBytes(StandardCharsets.UTF_8));
        CniResponse java = exited(PluginMain.run(env, conf("1.0.0")));
        assertThat(c).as("%s with reply %s", command, reply).isEqualTo(java);
      }
    }
    List<String> got = agent.requests();
    for (int i = 0; i < got.size(); i += 2) {
      assertThat(got.get(i)).as("request bytes").isEqualTo(got.get(i + 1));
    }
    assertThat(got.get(0)).isEqualTo(CniRequest.fromEnv(env("ADD"), conf("1.0.0")).toJson());
  }

  @Test
  void localAnswersAndErrorsAreTheReferencesByteForByte() {
    agent.reply("{\"exitCode\":0,\"stdout\":\"\"}");
    String sock = agent.socket.toString();
    List<String> configs = List.of(conf("1.1.0"), conf("0.4.0"), conf("0.2.0"), "", "  \n", "{", "[1]", "{\"a\":1} x",
        "{\"cniVersion\":\"1.0.0\",\"socket\":\"relative\"}", "{\"socket\":5}", "{\"socket\":null,\"cniVersion\":\"1.1.0\"}",
        "{\"socket\":\"/nonexistent/x.sock\"}", "{\"sock\\u0065t\":\"" + sock + "\"}", "{\"a\":\"\\u00zz\"}", "{\"a\":tru}",
        "{\"a\":1e}", "{\"a\" 1}", "{\"a\":[1,2,}", "{\"cniVersion\":\"\"}", "{\"cniVersion\":\"9\\n\\u0001\"}");
    List<Map<String, String>> envs = List.of(env("ADD"), env("DEL"), env("STATUS"), env("VERSION"), env("version"), env("bogus"),
        env(""), Map.of(), Map.of("CNI_COMMAND", "ADD"));
    for (String config : configs) {
      for (Map<String, String> env : envs) {
        CniResponse c = runClient(env, config.getBytes(StandardCharsets.UTF_8));
        assertThat(c).as("env %s, stdin %s", env, config).isEqualTo(exited(PluginMain.run(env, config)));
      }
    }
  }

  @Test
  void jsonLikeNoiseIsJudgedAsTheReferenceJudgesIt() {
    Random random = new Random(10);
    String[] tokens = {"{", "}", "[", "]", "\"", ":", ",", "1", "-", ".", "e", "+", "0", " ", "true", "nul", "null", "\\", "u",
        "\\u", "\"socket\"", "\"cniVersion\"", "\"1.0.0\"", "\"/x\"", "\\\"", "f", "\n"};
    for (int i = 0; i < 300; i++) {
      StringBuilder b = new StringBuilder(random.nextBoolean() ? "{" : "");
      int n = random.nextInt(20);
      for (int k = 0; k < n; k++) {
        b.append(tokens[random.nextInt(tokens.length)]);
      }
      String stdin = b.toString();
      Map<String, String> env = env(random.nextInt(4) == 0 ? "VERSION" : "ADD");
      assertThat(runClient(env, stdin.getBytes(StandardCharsets.UTF_8))).as("stdin %s", stdin).isEqualTo(exited(PluginMain.run(env, stdin)));
    }
  }

  @Test
  void randomBytesHugeInputsAndDeepNestingGetAnAnswerNeverACrash() {
    Random random = new Random(42);
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[random.nextInt(2000)];
      random.nextBytes(b);
      inputs.add(b);
    }
    inputs.add("[".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII));
    inputs.add(("{\"socket\":\"" + agent.socket + "\",\"big\":\"" + "x".repeat(8 << 20) + "\"}").getBytes(StandardCharsets.US_ASCII));
    inputs.add(("{\"a\":" + "{\"b\":".repeat(200_000)).getBytes(StandardCharsets.US_ASCII));
    inputs.add(new byte[70 << 20]);
    inputs.add(("{\"socket\":\"/" + "s".repeat(200) + "\"}").getBytes(StandardCharsets.US_ASCII));
    inputs.add("{\"socket\":\"/a\\u0000b\"}".getBytes(StandardCharsets.US_ASCII));
    agent.reply("{\"exitCode\":0,\"stdout\":\"ok\"}");
    // the big valid config (input 201) goes with ADD
    List<Map<String, String>> envs = List.of(env("ADD"), env("VERSION"), Map.of());
    for (int i = 0; i < inputs.size(); i++) {
      CniResponse r = runClient(envs.get(i % envs.size()), inputs.get(i));
      assertThat(r.exitCode()).as("input %d", i).isIn(0, 1);
      if (r.exitCode() == 1) {
        assertThat(r.errorCode()).as("input %d: %s", i, r.stdout()).isIn(4, 5, 6, 7, 11);
      }
    }
    assertThat(agent.requests()).hasSize(1); // only the big but valid config reached the agent
  }

  /** The reference's answer as its process ends: System.exit keeps the low 8 bits of the code. */
  static CniResponse exited(CniResponse r) {
    return new CniResponse(r.exitCode() & 0xff, r.stdout());
  }

  /** Runs the C client as a runtime does: only the given environment, the config on stdin. */
  static CniResponse runClient(Map<String, String> env, byte[] stdin) {
    assertThat(Files.isExecutable(CLIENT)).as(CLIENT + " is built by 'mvn compile -pl cni'").isTrue();
    ProcessBuilder pb = new ProcessBuilder(CLIENT.toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      Thread feeder = new Thread(() -> {
        try (OutputStream in = p.getOutputStream()) {
          in.write(stdin);
        } catch (IOException e) {
          // the client may stop reading at its size limit
        }
      });
      feeder.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("podnet-cni did not exit within 10 s");
      }
      feeder.join();
      return new CniResponse(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An agent that records each request and answers with the current canned reply. */
  static final class FakeAgent implements AutoCloseable {
    final Path socket;
    private final ServerSocketChannel server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String reply = "";
    private final Thread loop;

    FakeAgent(Path socket) throws IOException {
      this.socket = socket;
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      loop = new Thread(this::serve, "fake-agent");
      loop.setDaemon(true);
      loop.start();
    }

    void reply(String r) {
      reply = r;
    }

    List<String> requests() {
      return List.copyOf(requests);
    }

    private void serve() {
      while (server.isOpen()) {
        try (SocketChannel ch = server.accept()) {
          requests.add(CniClient.readAll(ch));
          ByteBuffer out = ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8));
          while (out.hasRemaining()) {
            ch.write(out);
          }
        } catch (IOException e) {
          return;
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}

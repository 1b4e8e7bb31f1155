package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real kubectl's exec, logs and port-forward against podnetd, over HTTPS with the kubeconfig
 * {@code podnet kubeconfig} prints: WebSocket exec with exit codes, stdin and a terminal
 * that follows resizes, logs with follow and previous, and port-forward over both its protocols.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlStreamsIT {
  private static final Duration READY = Duration.ofSeconds(120);
  private final Podnet podnet = Podnet.forRun("str");
  private String kubeconfig;

  @BeforeAll
  void up() throws Exception {
    podnet.up("--nodes", "1");
    Path kc = podnet.stateBase.resolve("kubectl-kubeconfig");
    Files.writeString(kc, podnet.ok("kubeconfig").out());
    kubeconfig = kc.toString();
    podnet.apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: box}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: main
            image: busybox
            command: ["sh", "-c", "echo hello from box; echo second line; exec sleep 100000"]
            env: [{name: GREETING, value: hi-there}]
          - name: side
            image: busybox
            command: ["sleep", "100000"]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: crash}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            command: ["sh", "-c", "echo run started; sleep 4; echo run ending; exit 1"]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: %s
            args: ["netexec", "--http-port=8080"]
            # Ready once netexec listens: port-forward's first connection must find it there
            readinessProbe: {httpGet: {path: /readyz, port: 8080}, periodSeconds: 1}
        """.formatted(PodNetworkingChecks.AGNHOST));
    podnet.await("box, crash and web run", READY, l -> ClusterIT.readyCount(l) == 3, "pods");
  }

  @AfterAll
  void down() {
    podnet.downAndForget();
  }

  private Exec.Result kubectl(String stdin, String... args) {
    List<String> argv = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig));
    argv.addAll(List.of(args));
    return Exec.run(argv, stdin, Duration.ofSeconds(60));
  }

  @Test
  void execRunsInTheContainerWithItsHostnameAndEnvironment() {
    Exec.Result r = kubectl(null, "exec", "box", "-c", "main", "--", "sh", "-c", "hostname; echo $GREETING");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).isEqualTo("box\nhi-there\n");
  }

  @Test
  void execExitsWithTheCommandsExitCode() {
    Exec.Result r = kubectl(null, "exec", "box", "-c", "main", "--", "sh", "-c", "echo oops >&2; exit 3");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stderr()).contains("oops").contains("command terminated with exit code 3");
  }

  @Test
  void execWithStdinEndsWhenStdinDoes() {
    Exec.Result r = kubectl("hi\nthere\n", "exec", "-i", "box", "-c", "main", "--", "cat");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).isEqualTo("hi\nthere\n");
  }

  @Test
  void execErrorsAreTheApiServersOwn() {
    Exec.Result missing = kubectl(null, "exec", "nope", "--", "true");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("pods \"nope\" not found");
    Exec.Result container = kubectl(null, "exec", "box", "-c", "db", "--", "true");
    assertThat(container.stderr()).contains("container db is not valid for pod box");
  }

  /** kubectl -it under script(1): the terminal's size arrives before the command starts, and a resize reaches it. */
  @Test
  void execWithATerminalFollowsItsSize() throws Exception {
    Path ttyFile = Files.createTempFile("podnet-e2e-tty", ".txt");
    try {
      String inner = "tty > " + ttyFile + "; stty rows 40 cols 100; kubectl --kubeconfig " + kubeconfig
          + " exec -it box -c main -- sh -c 'tty; stty size; sleep 3; stty size; exit 4'";
      Process p = new ProcessBuilder("script", "-qec", inner, "/dev/null").redirectErrorStream(true).start();
      // script's own terminal: resizing it sends kubectl SIGWINCH, as a user's window would
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (Files.size(ttyFile) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Thread.sleep(1500);
      String pts = Files.readString(ttyFile).strip();
      assertThat(Exec.run(List.of("stty", "-F", pts, "rows", "50", "cols", "120"), null).ok()).isTrue();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r", "");
      assertThat(p.waitFor()).as(out).isEqualTo(4);
      assertThat(out).containsPattern("/dev/pts/\\d+\n40 100\n50 120\n");
    } finally {
      Files.deleteIfExists(ttyFile);
    }
  }

  /** kubectl 1.32 tunnels SPDY in WebSocket; with the tunnel turned off it speaks plain SPDY. Both reach the pod's localhost. */
  @Test
  void portForwardReachesThePodsPortOverBothProtocols() throws Exception {
    for (String websockets : List.of("true", "false")) {
      int local = freePortPair();
      Forward pf = portForward(websockets, "pod/web", local + ":8080", (local + 1) + ":8081");
      try {
        assertThat(pf.get(local, "/hostname")).as("websockets=" + websockets).isEqualTo("web");
        assertThat(pf.get(local, "/echo?msg=twice")).isEqualTo("twice");
        try (Socket refused = new Socket(InetAddress.getLoopbackAddress(), local + 1)) {
          refused.getInputStream().read();
        } catch (IOException reset) {
          // kubectl drops the local connection it could not forward
        }
        assertThat(pf.process().waitFor(10, TimeUnit.SECONDS)).as("kubectl gives up on an error, as upstream's does").isTrue();
        assertThat(pf.rest()).contains("error forwarding port 8081 to pod default/web");
      } finally {
        pf.process().destroy();
      }
    }
  }

  /** A running {@code kubectl port-forward} and its output after the "Forwarding from" lines. */
  private record Forward(Process process, BufferedReader out) {
    String rest() throws IOException {
      return out.lines().collect(Collectors.joining("\n"));
    }

    /** A GET through the forward; if it fails, what kubectl said (it prints why it gave up). */
    String get(int port, String path) throws Exception {
      try {
        return KubectlStreamsIT.get(port, path);
      } catch (IOException e) {
        boolean alive = process.isAlive();
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("GET " + path + " through kubectl port-forward on " + port + " failed: " + e
            + "; kubectl was " + (alive ? "running" : "gone") + " and said after listening: " + rest(), e);
      }
    }
  }

  private Forward portForward(String websockets, String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig, "port-forward"));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().put("KUBECTL_PORT_FORWARD_WEBSOCKETS", websockets);
    Process p = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    int listening = 0;
    List<String> said = new ArrayList<>();
    // "Forwarding from 127.0.0.1:P -> 8080", one line per listener: ready once both are listed
    for (String line; listening < 2 && (line = out.readLine()) != null;) {
      said.add(line);
      listening += line.startsWith("Forwarding from 127.0.0.1") ? 1 : 0;
    }
    if (listening < 2) {
      p.destroy();
      throw new AssertionError("kubectl port-forward " + String.join(" ", args) + " ended before listening: " + said);
    }
    return new Forward(p, out);
  }

  private static String get(int port, String path) throws Exception {
    var client = HttpClient.newHttpClient();
    var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
    return client.send(req, HttpResponse.BodyHandlers.ofString()).body();
  }

  /**
   * A free port whose next one is free too (the test forwards both): with e2e classes running side
   * by side the port after an ephemeral one is often some connection's, and kubectl then exits
   * with "unable to listen" before the test connects.
   */
  private static int freePortPair() throws Exception {
    while (true) {
      int p = freePort();
      if (p < 65535) {
        try (ServerSocket next = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
          return p;
        } catch (IOException taken) {
          // try another
        }
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void logsPrintsTheContainersOutputCutAsAsked() {
    assertThat(kubectl(null, "logs", "box", "-c", "main").stdout()).isEqualTo("hello from box\nsecond line\n");
    assertThat(kubectl(null, "logs", "box", "-c", "main", "--tail=1").stdout()).isEqualTo("second line\n");
    assertThat(kubectl(null, "logs", "box", "-c", "main", "--limit-bytes=5").stdout()).isEqualTo("hello");
    assertThat(kubectl(null, "logs", "box", "-c", "main", "--timestamps").stdout()).matches("(?s)\\S+Z hello from box\n\\S+Z second line\n");
  }

  @Test
  void logsFollowEndsWhenTheContainerDoesAndPreviousShowsTheRunBefore() {
    Exec.Result follow = kubectl(null, "logs", "-f", "crash");
    assertThat(follow.exitCode()).as(follow.stderr()).isZero();
    assertThat(follow.stdout()).endsWith("run ending\n");
    podnet.await("crash restarted", READY,
        p -> p.path("status").path("containerStatuses").path(0).path("restartCount").asInt() >= 1
            && p.path("status").path("containerStatuses").path(0).path("state").has("running"), "pods", "crash");
    Exec.Result previous = kubectl(null, "logs", "crash", "--previous");
    assertThat(previous.exitCode()).as(previous.stderr()).isZero();
    assertThat(previous.stdout()).isEqualTo("run started\nrun ending\n");
    Exec.Result none = kubectl(null, "logs", "box", "-c", "side", "--previous");
    assertThat(none.stderr()).contains("previous terminated container \"side\" in pod \"box\" not found");
  }
}

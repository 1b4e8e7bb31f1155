package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Debian 12's own kubectl (v1.20, what {@code bin/setup} installs on a machine without one)
 * against a 2-node cluster: it fetches the OpenAPI document only as protobuf (for apply's
 * validation and explain) and execs only over SPDY/3.1, both of which kubectl 1.32 never uses.
 * The binary is {@code $PODNET_KUBECTL_1_20}, or Debian's {@code kubernetes-client} package
 * unpacked into a temporary directory, never installed. The tests run in order: apply, use, delete.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianKubectlIT {
  private static final Duration READY = Duration.ofSeconds(120);
  private static final String HELLO = Podnet.CHECKOUT.resolve("examples/hello.yaml").toString();
  private final Podnet podnet = Podnet.forRun("deb");
  private Path unpacked;
  private Kubectl kubectl;

  @BeforeAll
  void up() throws IOException {
    String binary = Optional.ofNullable(System.getenv("PODNET_KUBECTL_1_20")).filter(s -> !s.isBlank()).orElseGet(this::unpack);
    podnet.up("--nodes", "2");
    kubectl = Kubectl.of(podnet, binary);
    assertThat(kubectl.ok("version", "--client").out()).contains("v1.20.");
    podnet.apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: talker}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: main
            image: busybox
            command: ["sh", "-c", "echo hello from talker; echo second line; exec sleep 100000"]
        """);
  }

  /** Debian's package, downloaded and unpacked (apt-get download needs no root and installs nothing). */
  private String unpack() {
    try {
      unpacked = Files.createTempDirectory("podnet-e2e-kubectl-1.20");
    } catch (IOException e) {
      throw new AssertionError("cannot make a directory to unpack Debian's kubectl in", e);
    }
    Exec.Result download = Exec.run(List.of("sh", "-c", "cd " + unpacked + " && apt-get download kubernetes-client && dpkg-deb -x kubernetes-client_*.deb x"),
        null, Duration.ofMinutes(3));
    Path binary = unpacked.resolve("x/usr/bin/kubectl");
    if (download.exitCode() != 0 || !Files.isExecutable(binary)) {
      throw new AssertionError("no kubectl 1.20: set PODNET_KUBECTL_1_20 to one, or let `apt-get download kubernetes-client` work (Debian 12)"
          + " - it exited " + download.exitCode() + ": " + download.stderr());
    }
    return binary.toString();
  }

  @AfterAll
  void down() {
    if (kubectl != null) {
      kubectl.close();
    }
    podnet.downAndForget();
    if (unpacked != null) {
      Podnet.deleteTree(unpacked);
    }
  }

  @Test
  @Order(1)
  void getNodesWideShowsBothNodesWithTheirAddresses() {
    String out = kubectl.ok("get", "nodes", "-o", "wide").out();
    assertThat(out).contains("INTERNAL-IP");
    assertThat(out.lines().skip(1).filter(l -> l.contains(" Ready ")).count()).as(out).isEqualTo(2);
    assertThat(out).containsPattern("172\\.18\\.\\d+\\.\\d+");
  }

  @Test
  @Order(2)
  void applyValidatesAgainstTheProtobufOpenApiDocument() {
    Podnet.Result wrong = kubectl.runWithInput("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: wrong}
        spec:
          replicaz: 1
          selector: {matchLabels: {app: wrong}}
          template:
            metadata: {labels: {app: wrong}}
            spec: {containers: [{name: c, image: busybox}]}
        """, "apply", "-f", "-");
    // kubectl 1.20 validates on the client, from the schema it read: nothing reaches the server
    assertThat(wrong.exit()).isNotZero();
    assertThat(wrong.err()).contains("ValidationError(Deployment.spec)").contains("unknown field \"replicaz\"");
    assertThat(kubectl.ok("apply", "-f", HELLO).out()).contains("deployment.apps/hello created").contains("service/hello created");
    podnet.await("hello's three pods and talker run", READY, l -> ClusterIT.readyCount(l) == 4, "pods");
  }

  @Test
  @Order(3)
  void explainWalksIntoPodSpecContainers() {
    String out = kubectl.ok("explain", "pods.spec.containers").out();
    assertThat(out).contains("KIND:     Pod").contains("RESOURCE: containers <[]Object>").contains("FIELDS:");
    assertThat(out).contains("image\t<string>").contains("ports\t<[]Object>");
  }

  @Test
  @Order(4)
  void execOverSpdyRunsInThePodAndExitsWithItsCode() {
    String pod = firstHelloPod();
    assertThat(kubectl.ok("exec", pod, "--", "hostname").out()).isEqualTo(pod + "\n");
    Podnet.Result three = kubectl.run("exec", pod, "--", "sh", "-c", "echo oops >&2; exit 3");
    assertThat(three.exit()).isEqualTo(3);
    assertThat(three.err()).contains("oops").contains("command terminated with exit code 3");
    Podnet.Result cat = kubectl.runWithInput("hi\nthere\n", "exec", "-i", pod, "--", "cat");
    assertThat(cat.exit()).as(cat.err()).isZero();
    assertThat(cat.out()).isEqualTo("hi\nthere\n");
  }

  @Test
  @Order(5)
  void logsShowWhatTheContainerWrote() {
    assertThat(kubectl.ok("logs", "talker").out()).isEqualTo("hello from talker\nsecond line\n");
    assertThat(kubectl.ok("logs", "talker", "--tail=1").out()).isEqualTo("second line\n");
  }

  @Test
  @Order(6)
  void scaleChangesTheReplicas() {
    assertThat(kubectl.ok("scale", "deployment", "hello", "--replicas=1").out()).contains("deployment.apps/hello scaled");
    podnet.await("hello scaled to one pod", READY, l -> helloPods(l) == 1, "pods");
  }

  @Test
  @Order(7)
  void deleteByFileRemovesWhatApplyCreated() {
    String out = kubectl.ok("delete", "-f", HELLO).out();
    assertThat(out).contains("deployment.apps \"hello\" deleted").contains("service \"hello\" deleted");
    podnet.await("hello's pods gone", READY, l -> helloPods(l) == 0, "pods");
    assertThat(kubectl.run("get", "deployment", "hello").err()).contains("not found");
  }

  private String firstHelloPod() {
    for (JsonNode p : podnet.get("pods").path("items")) {
      if (p.path("metadata").path("name").asText().startsWith("hello-")) {
        return p.path("metadata").path("name").asText();
      }
    }
    throw new AssertionError("no hello pod");
  }

  private static long helloPods(JsonNode list) {
    long n = 0;
    for (JsonNode p : list.path("items")) {
      n += p.path("metadata").path("name").asText().startsWith("hello-") ? 1 : 0;
    }
    return n;
  }
}

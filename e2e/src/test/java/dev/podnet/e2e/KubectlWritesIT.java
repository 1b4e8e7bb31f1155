package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The write side of the API as the real kubectl drives it: client-side apply and its 3-way patch,
 * server-side apply, label, annotate, the three patch types, edit, scale, and strict validation.
 * kubectl talks HTTPS with the kubeconfig {@code podnet kubeconfig} prints, and ends up exactly
 * where a real API server would leave it.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlWritesIT {
  private static final Duration READY = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Podnet podnet = Podnet.forRun("kw");
  private Kubectl kubectl;
  private Path work;

  @BeforeAll
  void up() throws IOException {
    podnet.up("--nodes", "2");
    kubectl = Kubectl.of(podnet);
    work = Files.createTempDirectory("podnet-kubectl-writes");
  }

  @AfterAll
  void down() {
    if (kubectl != null) {
      kubectl.close();
    }
    podnet.downAndForget();
    if (work != null) {
      Podnet.deleteTree(work);
    }
  }

  private Podnet.Result kubectl(String... args) {
    return kubectl.run(args);
  }

  /** kubectl with extra environment ({@code EDITOR=...}). */
  private Podnet.Result kubectlWith(List<String> env, String... args) {
    List<String> argv = new ArrayList<>(kubectl.argv(args));
    argv.addAll(1, env); // after "env"
    Exec.Result r = Exec.run(argv, null, Duration.ofMinutes(2));
    return new Podnet.Result(r.exitCode(), r.stdout(), r.stderr());
  }

  private Podnet.Result ok(String... args) {
    return kubectl.ok(args);
  }

  private JsonNode hello() {
    try {
      return JSON.readTree(ok("get", "deployment", "hello", "-o", "json").out());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path file(String name, String content) {
    try {
      return Files.writeString(work.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hello(boolean withExtras) {
    String yaml;
    try {
      yaml = Files.readString(Podnet.CHECKOUT.resolve("examples/hello.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!withExtras) {
      return yaml;
    }
    return yaml.replace("metadata:\n  name: hello\nspec:\n  replicas: 3", "metadata:\n  name: hello\n  labels: {team: net}\nspec:\n  replicas: 3")
        .replace("          name: http\n", "          name: http\n        - containerPort: 9090\n          name: metrics\n");
  }

  @Test
  @Order(1)
  void clientSideApplyCreatesThenReapplyingWithoutAFieldRemovesIt() {
    ok("apply", "-f", file("hello-extras.yaml", hello(true)).toString());
    assertThat(hello().at("/metadata/labels/team").asText()).isEqualTo("net");
    assertThat(hello().at("/spec/template/spec/containers/0/ports")).hasSize(2);
    ok("apply", "-f", file("hello.yaml", hello(false)).toString());
    assertThat(hello().at("/metadata/labels").has("team")).isFalse();
    assertThat(hello().at("/spec/template/spec/containers/0/ports")).hasSize(1);
    assertThat(hello().at("/spec/template/spec/containers/0/ports/0/containerPort").asInt()).isEqualTo(8080);
  }

  @Test
  @Order(2)
  void serverSideApplyOwnsItsFieldsAndRemovesTheOnesItDrops() {
    ok("apply", "--server-side", "--force-conflicts", "-f", file("hello-extras.yaml", hello(true)).toString());
    assertThat(hello().at("/metadata/labels/team").asText()).isEqualTo("net");
    ok("apply", "--server-side", "-f", file("hello.yaml", hello(false)).toString());
    assertThat(hello().at("/metadata/labels").has("team")).isFalse();
    String managers = ok("get", "deployment", "hello", "--show-managed-fields", "-o", "jsonpath={.metadata.managedFields[*].manager}").out();
    assertThat(managers).contains("kubectl");
  }

  @Test
  @Order(3)
  void labelAnnotateAndTheThreePatchTypesChangeTheObject() {
    ok("label", "deployment", "hello", "tier=web");
    ok("annotate", "deployment", "hello", "note=hi");
    ok("patch", "deployment", "hello", "--type", "json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]");
    ok("patch", "deployment", "hello", "--type", "merge", "-p", "{\"metadata\":{\"labels\":{\"tier\":null,\"merged\":\"yes\"}}}");
    ok("patch", "deployment", "hello", "--type", "strategic", "-p",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"hello\",\"env\":[{\"name\":\"EXTRA\",\"value\":\"1\"}]}]}}}}");
    JsonNode d = hello();
    assertThat(d.at("/metadata/annotations/note").asText()).isEqualTo("hi");
    assertThat(d.at("/metadata/labels").has("tier")).isFalse();
    assertThat(d.at("/metadata/labels/merged").asText()).isEqualTo("yes");
    assertThat(d.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(d.at("/spec/template/spec/containers/0/env")).hasSize(4); // merged by name into the three from the manifest
    Podnet.Result failing = kubectl("patch", "deployment", "hello", "--type", "json", "-p", "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":9}]");
    assertThat(failing.exit()).isNotZero();
    assertThat(failing.err()).contains("test operation failed");
  }

  @Test
  @Order(4)
  void editSavesWhatTheEditorChanged() throws IOException {
    Path editor = file("editor.sh", "#!/bin/sh\nsed -i 's/^  replicas: 2$/  replicas: 1/' \"$1\"\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
    Podnet.Result r = kubectlWith(List.of("EDITOR=" + editor, "KUBE_EDITOR=" + editor), "edit", "deployment/hello");
    assertThat(r.exit()).as("edit: %s %s", r.out(), r.err()).isZero();
    assertThat(hello().at("/spec/replicas").asInt()).isEqualTo(1);
  }

  @Test
  @Order(5)
  void scaleToFiveBringsFivePods() {
    ok("scale", "deployment/hello", "--replicas=5");
    assertThat(hello().at("/spec/replicas").asInt()).isEqualTo(5);
    long deadline = System.nanoTime() + READY.toNanos();
    int ready = 0;
    while (ready != 5 && System.nanoTime() < deadline) {
      Podnet.sleep(500);
      String phases = ok("get", "pods", "-l", "app=hello", "-o", "jsonpath={range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}{\" \"}{end}").out();
      ready = (int) java.util.Arrays.stream(phases.trim().split(" ")).filter("True"::equals).count();
    }
    assertThat(ready).as("Ready hello pods").isEqualTo(5);
  }

  @Test
  @Order(6)
  void aManifestWithAnUnknownFieldFailsNamingItAndNothingIsCreated() {
    Path bad = file("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  a: b\nspec:\n  foo: 1\n");
    Podnet.Result r = kubectl("apply", "-f", bad.toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("unknown field").contains("spec");
    assertThat(kubectl("get", "configmap", "bad").exit()).isNotZero();
  }
}

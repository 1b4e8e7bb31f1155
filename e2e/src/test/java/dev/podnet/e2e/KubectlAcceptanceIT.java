package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.kernel.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The API issue's acceptance, as one user session with the real kubectl on a 3-node lab, in the
 * order a user would type it: every command the issue lists, each giving what it gives against a
 * real cluster. Finer cases of each area live in the other Kubectl*IT classes.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlAcceptanceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Podnet podnet = Podnet.forRun("acc");
  private Kubectl kubectl;
  private Path work;

  @BeforeAll
  void up() throws IOException {
    podnet.up("--nodes", "3");
    kubectl = Kubectl.of(podnet);
    work = Files.createTempDirectory("podnet-acceptance");
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

  private String ok(String... args) {
    return kubectl.ok(args).out();
  }

  private JsonNode json(String... args) throws IOException {
    return JSON.readTree(ok(Podnet.concat(args[0], List.of(args).subList(1, args.length).toArray(String[]::new), "-o", "json")));
  }

  private String helloPod() {
    return ok("get", "pods", "-l", "app=hello", "-o", "jsonpath={.items[0].metadata.name}").strip();
  }

  @Test
  @Order(1)
  void getNodesWideListsTheThreeNodesWithTheirLanAddresses() {
    String out = ok("get", "nodes", "-o", "wide");
    assertThat(out).contains("INTERNAL-IP").contains("node-1").contains("node-2").contains("node-3").contains("172.18.0.");
    assertThat(out.lines().filter(l -> l.contains(" Ready ")).count()).isEqualTo(3);
  }

  @Test
  @Order(2)
  void applyThenRolloutStatusWaitsForTheHelloDeployment() {
    assertThat(ok("apply", "-f", Podnet.CHECKOUT.resolve("examples/hello.yaml").toString()))
        .contains("deployment.apps/hello created").contains("service/hello created");
    assertThat(ok("rollout", "status", "deploy/hello", "--timeout=120s")).contains("successfully rolled out");
    String pods = ok("get", "pods", "-o", "wide");
    assertThat(pods).contains("NODE").contains("10.244.");
    assertThat(pods.lines().filter(l -> l.startsWith("hello-") && l.contains("Running")).count()).isEqualTo(3);
    String svc = ok("get", "svc,endpointslices");
    assertThat(svc).contains("service/hello").contains("10.96.").contains("endpointslice.discovery.k8s.io/hello-");
  }

  @Test
  @Order(3)
  void describeLogsAndExecWorkOnAPod() {
    String pod = helloPod();
    assertThat(ok("describe", "pod", pod)).contains("Name:").contains(pod).contains("Node:").contains("Events:").contains("Started");
    assertThat(kubectl.run("logs", pod).exit()).isZero();
    assertThat(ok("exec", pod, "--", "hostname").strip()).isEqualTo(pod);
    Podnet.Result stdin = kubectl.runWithInput("one\ntwo\n", "exec", "-i", pod, "--", "cat");
    assertThat(stdin.exit()).as(stdin.err()).isZero();
    assertThat(stdin.out()).isEqualTo("one\ntwo\n");
  }

  @Test
  @Order(4)
  void scaleLabelPatchAndEditChangeTheDeployment() throws IOException {
    ok("scale", "deploy/hello", "--replicas=5");
    assertThat(ok("rollout", "status", "deploy/hello", "--timeout=120s")).contains("successfully rolled out");
    assertThat(json("get", "deploy", "hello").at("/status/readyReplicas").asInt()).isEqualTo(5);
    ok("label", "deploy/hello", "team=net");
    ok("patch", "deploy/hello", "-p", "{\"spec\":{\"minReadySeconds\":1}}");
    Path editor = work.resolve("editor.sh");
    Files.writeString(editor, "#!/bin/sh\nsed -i 's/^  replicas: 5$/  replicas: 4/' \"$1\"\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
    Podnet.Result edited = kubectl.runWithEnv(List.of("EDITOR=" + editor, "KUBE_EDITOR=" + editor), "edit", "deploy/hello");
    assertThat(edited.exit()).as(edited.err()).isZero();
    JsonNode d = json("get", "deploy", "hello");
    assertThat(d.at("/metadata/labels/team").asText()).isEqualTo("net");
    assertThat(d.at("/spec/minReadySeconds").asInt()).isEqualTo(1);
    assertThat(d.at("/spec/replicas").asInt()).isEqualTo(4);
  }

  @Test
  @Order(5)
  void reApplyingAManifestWithoutAFieldRemovesItAndServerSideApplyOwnsFields() throws IOException {
    String manifest = Files.readString(Podnet.CHECKOUT.resolve("examples/hello.yaml"));
    String labelled = manifest.replaceFirst("metadata:\n  name: hello\n", "metadata:\n  name: hello\n  labels:\n    stage: demo\n");
    Path f = work.resolve("hello.yaml");
    Files.writeString(f, labelled);
    ok("apply", "-f", f.toString());
    assertThat(json("get", "deploy", "hello").at("/metadata/labels/stage").asText()).isEqualTo("demo");
    Files.writeString(f, manifest);
    ok("apply", "-f", f.toString());
    assertThat(json("get", "deploy", "hello").at("/metadata/labels").has("stage")).as("a label removed from the manifest").isFalse();

    Path cm = work.resolve("cm.yaml");
    Files.writeString(cm, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: \"1\"\n  b: \"2\"\n");
    assertThat(ok("apply", "--server-side", "-f", cm.toString())).contains("configmap/ssa serverside-applied");
    Files.writeString(cm, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: \"1\"\n");
    ok("apply", "--server-side", "-f", cm.toString());
    JsonNode c = json("get", "cm", "ssa", "--show-managed-fields");
    assertThat(c.at("/data").has("b")).as("a field the manager no longer applies").isFalse();
    assertThat(c.at("/metadata/managedFields/0/manager").asText()).isEqualTo("kubectl");
  }

  @Test
  @Order(6)
  void getPodsWatchSeesAChangeAndEventsAreListed() throws Exception {
    Path out = work.resolve("watch.txt");
    Process watch = kubectl.start(out, "get", "pods", "-l", "app=hello", "-w", "-o", "name");
    try {
      Podnet.sleep(1500);
      String pod = helloPod();
      ok("delete", "pod", pod, "--wait=false");
      long end = System.nanoTime() + 30_000_000_000L;
      while (Files.readString(out).lines().filter(l -> l.equals("pod/" + pod)).count() < 2 && System.nanoTime() < end) {
        Podnet.sleep(200);
      }
      assertThat(Files.readString(out).lines().filter(l -> l.equals("pod/" + pod)).count()).as("the listing and the change").isGreaterThanOrEqualTo(2);
    } finally {
      watch.destroy();
    }
    String events = ok("get", "events");
    assertThat(events).contains("Scheduled").contains("ScalingReplicaSet").contains("Started");
  }

  @Test
  @Order(7)
  void deleteDashFRemovesWhatTheManifestMade() {
    assertThat(ok("delete", "-f", Podnet.CHECKOUT.resolve("examples/hello.yaml").toString()))
        .contains("deployment.apps \"hello\" deleted").contains("service \"hello\" deleted");
    assertThat(kubectl.run("get", "deploy", "hello").exit()).isNotZero();
    long end = System.nanoTime() + 60_000_000_000L;
    while (!ok("get", "pods", "-l", "app=hello", "-o", "name").isBlank() && System.nanoTime() < end) {
      Podnet.sleep(500);
    }
    assertThat(ok("get", "pods", "-l", "app=hello", "-o", "name")).isBlank();
  }
}

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real kubectl (v1.32) listing, selecting, paging, watching and deleting on a podnet cluster,
 * and reading the Events podnet's components record, over HTTPS with the kubeconfig
 * {@code podnet kubeconfig} prints.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlListsIT {
  private static final Duration READY = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: %s}
      spec:
        replicas: 3
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: app, image: registry.k8s.io/pause:3.9}]
      """;
  private final Podnet podnet = Podnet.forRun("kl");
  private Kubectl kc;

  @BeforeAll
  void up() {
    podnet.up("--nodes", "3");
    kc = Kubectl.of(podnet);
  }

  @AfterAll
  void down() {
    if (kc != null) {
      kc.close();
    }
    podnet.downAndForget();
  }

  @Test
  @Order(1)
  void aDeploymentRolloutLeavesUpstreamsEvents() {
    apply(DEPLOYMENT.formatted("default"));
    JsonNode pods = await("3 web pods Running", list -> running(list) == 3, "get", "pods", "-l", "app=web");
    JsonNode events = kubectl("get", "events", "-o", "json").json();
    List<String> reasons = new ArrayList<>();
    events.path("items").forEach(e -> reasons.add(e.path("involvedObject").path("kind").asText() + "/" + e.path("reason").asText()));
    assertThat(reasons).contains("Deployment/ScalingReplicaSet", "ReplicaSet/SuccessfulCreate", "Pod/Scheduled", "Pod/Pulled", "Pod/Created",
        "Pod/Started");
    assertThat(pods.path("items")).hasSize(3);
  }

  @Test
  @Order(2)
  void describePodEndsWithItsEvents() {
    String pod = firstPod("app=web");
    String node = kubectl("get", "pod", pod, "-o", "jsonpath={.spec.nodeName}").out();
    String text = kubectl("describe", "pod", pod).out();
    assertThat(text).contains("Events:").containsPattern("Normal +Scheduled +\\S+ +default-scheduler +Successfully assigned default/" + pod
        + " to " + node).containsPattern("Normal +Started +\\S+ +kubelet +Started container app");
  }

  @Test
  @Order(3)
  void fieldSelectorsPickPodsByNode() {
    JsonNode all = kubectl("get", "pods", "-A", "-o", "json").json();
    long onNode1 = count(all, p -> p.path("spec").path("nodeName").asText().equals("node-1"));
    JsonNode selected = kubectl("get", "pods", "-A", "--field-selector", "spec.nodeName=node-1", "-o", "json").json();
    assertThat(selected.path("items")).hasSize((int) onNode1);
    assertThat(count(selected, p -> !p.path("spec").path("nodeName").asText().equals("node-1"))).isZero();
    Exec.Result bad = kubectlRaw(null, "get", "pods", "--field-selector", "spec.hostname=x");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.stderr()).contains("field label not supported: spec.hostname");
  }

  @Test
  @Order(4)
  void chunkedListsPageThroughEveryPod() {
    Exec.Result r = kubectlRaw(null, "get", "pods", "-l", "app=web", "--chunk-size=1", "-o", "name", "-v=6");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().lines()).hasSize(3);
    assertThat(r.stderr()).contains("limit=1").contains("continue=");
  }

  @Test
  @Order(5)
  void aWatchSeesAPodArrive() throws Exception {
    Path out = Files.createTempFile("kubectl-watch", ".txt");
    Process watch = new ProcessBuilder(kc.argv("get", "pods", "-w", "-o", "name"))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      Podnet.sleep(2000);
      apply(pod("default", "watched", "solo"));
      awaitText(out, "pod/watched");
    } finally {
      watch.destroy();
      Files.deleteIfExists(out);
    }
  }

  @Test
  @Order(6)
  void deleteByLabelAndAllRemoveThePods() {
    apply(pod("default", "x1", "x") + "---\n" + pod("default", "x2", "x"));
    assertThat(kubectl("delete", "pods", "-l", "app=x").out()).contains("pod \"x1\" deleted").contains("pod \"x2\" deleted");
    assertThat(kubectl("get", "pods", "-l", "app=x", "-o", "json").json().path("items")).isEmpty();
    apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: scratch}\n");
    apply(pod("scratch", "y1", "y") + "---\n" + pod("scratch", "y2", "y"));
    kubectl("-n", "scratch", "delete", "pods", "--all");
    assertThat(kubectl("-n", "scratch", "get", "pods", "-o", "json").json().path("items")).isEmpty();
  }

  @Test
  @Order(7)
  void deletingANamespaceRemovesWhatItHolds() {
    apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
    apply(DEPLOYMENT.formatted("shop") + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {a: b}\n");
    await("3 shop pods Running", list -> running(list) == 3, "-n", "shop", "get", "pods");
    kubectl("delete", "namespace", "shop", "--timeout=90s");
    Exec.Result gone = kubectlRaw(null, "get", "namespace", "shop");
    assertThat(gone.stderr()).contains("namespaces \"shop\" not found");
    assertThat(kubectl("get", "pods", "-n", "shop", "-o", "json").json().path("items")).isEmpty();
    assertThat(kubectl("get", "configmaps", "-n", "shop", "-o", "json").json().path("items")).isEmpty();
    assertThat(kubectl("get", "pods", "-l", "app=web", "-o", "json").json().path("items")).as("other namespaces keep theirs").hasSize(3);
  }

  private static String pod(String namespace, String name, String app) {
    return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", namespace: " + namespace + ", labels: {app: \"" + app + "\"}}\n"
        + "spec:\n  terminationGracePeriodSeconds: 2\n  containers: [{name: app, image: registry.k8s.io/pause:3.9}]\n";
  }

  private void apply(String yaml) {
    Exec.Result r = kubectlRaw(yaml, "apply", "-f", "-");
    assertThat(r.exitCode()).as("kubectl apply: %s %s", r.stdout(), r.stderr()).isZero();
  }

  private Podnet.Result kubectl(String... args) {
    Exec.Result r = kubectlRaw(null, args);
    if (r.exitCode() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + r.exitCode() + ": " + r.stderr() + r.stdout());
    }
    return new Podnet.Result(0, r.stdout(), r.stderr());
  }

  private Exec.Result kubectlRaw(String stdin, String... args) {
    return Exec.run(kc.argv(args), stdin, Duration.ofMinutes(3));
  }

  private JsonNode await(String what, Predicate<JsonNode> ok, String... args) {
    long end = System.nanoTime() + READY.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < end) {
      Exec.Result r = kubectlRaw(null, Podnet.concat(args[0], List.of(args).subList(1, args.length).toArray(String[]::new), "-o", "json"));
      if (r.exitCode() == 0) {
        last = parse(r.stdout());
        if (ok.test(last)) {
          return last;
        }
      }
      Podnet.sleep(500);
    }
    throw new AssertionError("not within " + READY.toSeconds() + " s: " + what + "\nlast: " + last);
  }

  private String firstPod(String selector) {
    return kubectl("get", "pods", "-l", selector, "-o", "jsonpath={.items[0].metadata.name}").out().strip();
  }

  private static long running(JsonNode list) {
    return count(list, p -> p.path("status").path("phase").asText().equals("Running") && !p.path("metadata").has("deletionTimestamp"));
  }

  private static long count(JsonNode list, Predicate<JsonNode> p) {
    long n = 0;
    for (JsonNode i : list.path("items")) {
      n += p.test(i) ? 1 : 0;
    }
    return n;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitText(Path file, String text) throws IOException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      if (Files.readString(file).contains(text)) {
        return;
      }
      Podnet.sleep(200);
    }
    throw new AssertionError("kubectl get pods -w never printed " + text + "; it printed:\n" + Files.readString(file));
  }

}

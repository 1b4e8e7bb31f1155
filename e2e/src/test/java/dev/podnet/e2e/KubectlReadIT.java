package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.KernelTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real kubectl reads a podnet cluster as it reads Kubernetes: discovery, server-side tables
 * (the columns {@code podnet get} prints), OpenAPI for {@code explain} and for server-side
 * validation on {@code apply}, and table watches. One 2-node cluster for the class.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlReadIT {
  private static final Duration READY = Duration.ofSeconds(120);
  private final Podnet podnet = Podnet.forRun("kr");
  private Kubectl kubectl;

  @BeforeAll
  void up() {
    podnet.up("--nodes", "2");
    kubectl = Kubectl.of(podnet);
  }

  @AfterAll
  void down() {
    if (kubectl != null) {
      kubectl.close();
    }
    podnet.downAndForget();
  }

  @Test
  @Order(1)
  void apiResourcesListsEveryServedKindWithShortNamesAndVerbs() {
    String out = kubectl.ok("api-resources", "-o", "wide").out();
    assertThat(out).containsPattern("pods\\s+po\\s+v1\\s+true\\s+Pod\\s+create,delete,deletecollection,get,list,patch,update,watch\\s+all")
        .containsPattern("deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment")
        .containsPattern("endpointslices\\s+discovery.k8s.io/v1\\s+true\\s+EndpointSlice")
        .containsPattern("nodes\\s+no\\s+v1\\s+false\\s+Node");
    assertThat(kubectl.ok("api-versions").out().lines()).contains("v1", "apps/v1", "discovery.k8s.io/v1", "coordination.k8s.io/v1");
  }

  @Test
  @Order(2)
  void getNodesWidePrintsWhatPodnetGetPrints() {
    assertThat(withoutAge(kubectl.ok("get", "nodes", "-o", "wide").out())).isEqualTo(withoutAge(podnet.ok("get", "nodes", "-o", "wide").out()));
    assertThat(kubectl.ok("get", "nodes", "-o", "wide").out()).contains("INTERNAL-IP", "Ready");
  }

  @Test
  @Order(3)
  void applyCreatesWithServerSideValidation() {
    Podnet.Result r = kubectl.ok("apply", "-f", Podnet.CHECKOUT.resolve("examples/hello.yaml").toString(), "-v=6");
    assertThat(r.out()).contains("deployment.apps/hello created", "service/hello created");
    assertThat(r.err()).contains("fieldValidation=Strict").doesNotContain("/openapi/v2");
    podnet.await("3 hello pods ready", READY, pods -> ready(pods) == 3, "pods", "-l", "app=hello");
  }

  @Test
  @Order(4)
  void getPodsWidePrintsWhatPodnetGetPrints() {
    String printed = kubectl.ok("get", "pods", "-o", "wide").out();
    assertThat(printed).startsWith("NAME").contains("NOMINATED NODE", "READINESS GATES", "10.244.");
    assertThat(withoutAge(printed)).isEqualTo(withoutAge(podnet.ok("get", "pods", "-o", "wide").out()));
  }

  @Test
  @Order(5)
  void getServicesAndEndpointSlicesPrintsTheirColumns() {
    String out = kubectl.ok("get", "svc,endpointslices").out();
    assertThat(out).containsPattern("service/hello\\s+ClusterIP\\s+10\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+80/TCP")
        .containsPattern("endpointslice.discovery.k8s.io/hello-\\S+\\s+IPv4\\s+8080\\s+10\\.244\\.");
    assertThat(kubectl.ok("get", "all").out()).contains("pod/hello-", "service/hello", "deployment.apps/hello", "replicaset.apps/hello-")
        .containsPattern("replicaset.apps/hello-\\S+\\s+3\\s+3\\s+3");
  }

  @Test
  @Order(6)
  void explainPrintsTheFieldsOfNestedTypes() {
    assertThat(kubectl.ok("explain", "pods.spec.containers").out()).contains("KIND:", "Pod", "FIELD: containers <[]Container>", "image",
        "readinessProbe");
    assertThat(kubectl.ok("explain", "deployment.spec").out()).contains("GROUP:", "apps", "replicas", "<integer>", "template");
  }

  @Test
  @Order(7)
  void getPodsWatchPrintsAChangeAsARow() throws IOException {
    Path out = kubectl.home().resolve("watch.out");
    Process watch = kubectl.start(out, "get", "pods", "-l", "app=hello", "-w");
    try {
      String first = awaitOutput(out, text -> text.lines().filter(l -> l.startsWith("hello-")).count() == 3);
      assertThat(first.lines().filter(l -> l.startsWith("NAME")).count()).isEqualTo(1);
      String victim = first.lines().filter(l -> l.startsWith("hello-")).findFirst().orElseThrow().split("\\s+")[0];
      kubectl.ok("delete", "pod", victim, "--wait=false");
      String after = awaitOutput(out, text -> text.lines().anyMatch(l -> l.startsWith(victim) && l.contains("Terminating")));
      assertThat(after.lines().filter(l -> l.startsWith("NAME")).count()).as("one header for the whole watch").isEqualTo(1);
    } finally {
      watch.destroy();
    }
  }

  private static String awaitOutput(Path file, java.util.function.Predicate<String> ok) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String text = "";
    while (System.nanoTime() < deadline) {
      try {
        text = Files.exists(file) ? Files.readString(file) : "";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (ok.test(text)) {
        return text;
      }
      Podnet.sleep(200);
    }
    throw new AssertionError("kubectl get -w did not print what was expected within 30 s; it printed:\n" + text);
  }

  private static long ready(JsonNode pods) {
    long n = 0;
    for (JsonNode p : pods.path("items")) {
      for (JsonNode c : p.path("status").path("conditions")) {
        if (c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True")) {
          n++;
        }
      }
    }
    return n;
  }

  /** The table's cells without the AGE column, which moves on between two commands. */
  private static List<List<String>> withoutAge(String table) {
    List<List<String>> rows = new ArrayList<>();
    int age = -1;
    for (String line : table.strip().split("\n")) {
      List<String> cells = new ArrayList<>(Arrays.asList(line.strip().split("\\s{2,}")));
      if (age < 0) {
        age = cells.indexOf("AGE");
      }
      if (age >= 0 && age < cells.size()) {
        cells.remove(age);
      }
      rows.add(cells);
    }
    return rows;
  }
}

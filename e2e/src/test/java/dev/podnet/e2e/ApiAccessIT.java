package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 9's access story end to end: up writes a kubeconfig context the real kubectl uses, the
 * API refuses callers without credentials, a pod reaches it at the kubernetes Service with its
 * mounted token and CA, and down leaves neither the context nor a listening port behind.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiAccessIT {
  private static final String POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  containers:\n  - name: c\n    image: podnet/pause\n";
  private static final String SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
  private static final String CURL = "curl -sS -o /dev/null -w '%{http_code}' --max-time 5 --resolve kubernetes.default.svc:443:10.96.0.1 --cacert "
      + SA_DIR + "/ca.crt ";
  private static final String PODS_URL = " https://kubernetes.default.svc/api/v1/namespaces/default/pods";

  private final Podnet podnet = Podnet.forRun("api");
  private final String context = "podnet-" + podnet.cluster;
  private String port;

  @BeforeAll
  void up() throws Exception {
    Podnet.Result r = podnet.run("up", "--nodes", "2");
    assertThat(r.exit()).as("up: %s %s", r.out(), r.err()).isZero();
    Matcher m = Pattern.compile("server: https://127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(podnet.kubeconfig()));
    assertThat(m.find()).as("a loopback server in %s", podnet.kubeconfig()).isTrue();
    port = m.group(1);
  }

  @AfterAll
  void lastResort() {
    podnet.downAndForget();
  }

  @Test
  @Order(1)
  void upWritesACurrentContextThatTheRealKubectlUses() {
    assertThat(podnet.kubectl("config", "current-context").out().strip()).isEqualTo(context);
    Podnet.Result nodes = podnet.kubectl("--context", context, "get", "nodes", "-o", "name");
    assertThat(nodes.exit()).as(nodes.err()).isZero();
    assertThat(nodes.out().lines().toList()).containsExactlyInAnyOrder("node/node-1", "node/node-2");
  }

  @Test
  @Order(2)
  void withoutCredentialsTheApiAnswersUnauthorized() {
    Exec.Result r = Exec.run(List.of("curl", "-sk", "https://127.0.0.1:" + port + "/api/v1/namespaces/default/pods"), null);
    assertThat(r.stdout()).contains("\"code\":401", "\"reason\":\"Unauthorized\"");
    Exec.Result health = Exec.run(List.of("curl", "-sk", "https://127.0.0.1:" + port + "/healthz"), null);
    assertThat(health.stdout()).isEqualTo("ok");
  }

  @Test
  @Order(3)
  void aPodReachesTheApiThroughTheKubernetesServiceWithItsMountedToken() {
    podnet.apply(POD);
    podnet.await("pod client Running", Duration.ofSeconds(60), p -> p.path("status").path("phase").asText().equals("Running"), "pod", "client");
    String withToken = CURL + "-H \"Authorization: Bearer $(cat " + SA_DIR + "/token)\"" + PODS_URL;
    assertThat(inPod(withToken)).isEqualTo("200");
    assertThat(inPod(CURL + PODS_URL)).isEqualTo("401");
    String create = CURL + "-H \"Authorization: Bearer $(cat " + SA_DIR + "/token)\" -X POST -H 'Content-Type: application/json' -d '{}'" + PODS_URL;
    assertThat(inPod(create)).isEqualTo("403");
    assertThat(podnet.ok("exec", "client", "--", "cat", SA_DIR + "/namespace").out()).isEqualTo("default");
  }

  /** The HTTP code curl got inside the pod; the Service's rules may take a moment to reach the node, so it retries briefly. */
  private String inPod(String curl) {
    String last = "";
    for (int i = 0; i < 20; i++) {
      Podnet.Result r = podnet.run("exec", "client", "--", "sh", "-c", curl);
      last = r.out().strip();
      if (!last.isEmpty() && !last.equals("000")) {
        return last;
      }
      Podnet.sleep(500);
    }
    return last;
  }

  @Test
  @Order(4)
  void downRemovesTheContextAndNothingListensAnyMore() throws Exception {
    podnet.ok("down");
    String kubeconfig = Files.exists(podnet.kubeconfig()) ? Files.readString(podnet.kubeconfig()) : "";
    assertThat(kubeconfig).doesNotContain(context);
    Exec.Result ss = Exec.run(List.of("ss", "-Hltn", "sport = :" + port), null);
    assertThat(ss.stdout().strip()).isEmpty();
  }
}

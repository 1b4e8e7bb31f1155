package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.KernelTest;
import dev.podnet.ui.HeadlessChromium;
import dev.podnet.ui.Page;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * {@code podnet ui} on a real 3-node cluster, looked at in headless Chromium as a user would: the
 * map shows the cluster's objects, follows a new pod without a reload, and draws a two-click trace
 * that {@code podnet trace} really ran. Then the figures behind it: each agent's metrics, podnet top.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiIT {
  private static final Duration READY = Duration.ofSeconds(120);
  private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)");
  private final Podnet podnet = Podnet.forRun("ui");
  private Process ui;
  private HeadlessChromium browser;

  @BeforeAll
  void up() throws Exception {
    podnet.up("--nodes", "3");
    podnet.apply(ServiceChecks.server("a", "node-1", "client") + "---\n" + ServiceChecks.server("b", "node-2", "hello") + "---\n"
        + "apiVersion: v1\nkind: Service\nmetadata:\n  name: hello\nspec:\n  selector:\n    app: hello\n  ports:\n"
        + "  - name: http\n    port: 80\n    targetPort: http\n");
    podnet.await("a and b Ready", READY, l -> ClusterIT.readyCount(l) == 2, "pods");
    podnet.await("hello has its endpoint", READY, l -> ServiceChecks.endpoints(l, "hello").size() == 1, "endpointslices");
    ui = new ProcessBuilder("env", "PODNET_STATE_DIR=" + podnet.stateBase, "PODNET_SKIP_BUILD=1", Podnet.CHECKOUT.resolve("bin/podnet").toString(),
        "--name=" + podnet.cluster, "ui", "--port", "0").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    browser = HeadlessChromium.start();
    browser.navigate(url(ui));
    Page.await(browser, "window.podnetMap && podnetMap.ids('node').length === 3");
  }

  @AfterAll
  void down() throws Exception {
    if (browser != null) {
      Files.write(Path.of("target", "ui-map.png"), browser.screenshot());
      browser.close();
    }
    if (ui != null) {
      ui.destroy();
      ui.waitFor(10, TimeUnit.SECONDS);
    }
    podnet.downAndForget();
  }

  /** The first line {@code podnet ui} prints names its URL, on the loopback address. */
  private static URI url(Process ui) throws Exception {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return new BufferedReader(new InputStreamReader(ui.getInputStream(), StandardCharsets.UTF_8)).readLine();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    String first = line.get(120, TimeUnit.SECONDS);
    Matcher m = URL.matcher(first == null ? "" : first);
    assertThat(m.find()).as("podnet ui printed %s", first).isTrue();
    return URI.create(m.group(1));
  }

  @Test
  @Order(1)
  void theMapShowsTheClustersNodesPodsAndServices() throws Exception {
    assertThat(Page.ids(browser, "node")).containsExactlyInAnyOrder("node/node-1", "node/node-2", "node/node-3");
    assertThat(Page.ids(browser, "pod")).contains("pod/default/a", "pod/default/b").anyMatch(id -> id.startsWith("pod/kube-system/podnet-dns-"));
    assertThat(Page.ids(browser, "svc")).contains("svc/default/hello", "svc/default/kubernetes", "svc/kube-system/kube-dns");
    assertThat(Page.ids(browser, "outside")).containsExactly("outside");
    assertThat(browser.eval("podnetMap.ids('pod').length").asInt()).isEqualTo(podnet.get("pods", "-A").path("items").size());
    // pod a sits inside node-1's box: the map's parent is the node it runs on
    assertThat(browser.eval("podnetMap.parentOf('pod/default/a')").asText()).isEqualTo("node/node-1");
  }

  @Test
  @Order(2)
  void aNewPodAppearsWithoutReload() throws Exception {
    browser.eval("window.sameDocument = true");
    long start = System.nanoTime();
    podnet.apply(ServiceChecks.server("c", "node-3", "other"));
    Page.await(browser, "podnetMap.ids('pod').includes('pod/default/c')");
    System.out.printf("pod c on the map %d ms after podnet apply started (the CLI JVM start included)%n", (System.nanoTime() - start) / 1_000_000);
    assertThat(browser.eval("window.sameDocument === true").asBoolean()).as("the page was not reloaded").isTrue();
    assertThat(browser.eval("podnetMap.parentOf('pod/default/c')").asText()).isEqualTo("node/node-3");
  }

  @Test
  @Order(3)
  void clickingAPodAndAServiceDrawsTheTracedPath() throws Exception {
    browser.eval("podnetMap.click('pod/default/a'); podnetMap.click('svc/default/hello')");
    Page.await(browser, "document.getElementById('trace-verdict').textContent.startsWith('delivered')");
    Page.await(browser, "podnetMap.drawn().includes('node/node-2>pod/default/b')");
    List<String> path = Page.strings(browser, "podnetMap.onPath()");
    assertThat(path).startsWith("pod/default/a").contains("svc/default/hello", "node/node-1", "node/node-2", "pod/default/b").endsWith("pod/default/a");
    assertThat(path.indexOf("svc/default/hello")).isLessThan(path.indexOf("pod/default/b"));
    assertThat(browser.eval("document.querySelectorAll('#hops tr').length").asInt()).isGreaterThan(4);
    assertThat(browser.eval("(() => { const r = document.getElementById('trace').getBoundingClientRect(); return r.width > 0 && r.right <= innerWidth; })()")
        .asBoolean()).as("the hop table is on the page, beside the map").isTrue();
    Files.write(Path.of("target", "ui-trace.png"), browser.screenshot());
  }

  @Test
  @Order(4)
  void eachAgentServesPrometheusMetricsOnItsNodesAddress() {
    for (String node : List.of("node-1", "node-2", "node-3")) {
      String metrics = podnet.ok("exec", "--node", node, "--", "curl", "-sf", "http://" + nodeIp(node) + ":10249/metrics").out();
      assertThat(metrics).as(node).contains("# TYPE kubeproxy_sync_proxy_rules_duration_seconds histogram")
          .contains("kubeproxy_sync_proxy_rules_nftables_sync_failures_total 0").contains("# TYPE podnet_cni_add_duration_seconds histogram");
      assertThat(value(metrics, "kubeproxy_sync_proxy_rules_duration_seconds_count")).as(node + ": proxy syncs").isPositive();
      assertThat(value(metrics, "podnet_routing_sync_duration_seconds_count")).as(node + ": routing syncs").isPositive();
      assertThat(value(metrics, "podnet_conntrack_max")).as(node + ": conntrack table size").isPositive();
    }
    // pods a and b were added on node-1 and node-2 by their agents' CNI servers
    String node1 = podnet.ok("exec", "--node", "node-1", "--", "curl", "-sf", "http://" + nodeIp("node-1") + ":10249/metrics").out();
    assertThat(value(node1, "podnet_cni_add_duration_seconds_count")).isGreaterThanOrEqualTo(1);
  }

  @Test
  @Order(5)
  void topShowsTheAgentsAndThePodsProcesses() {
    String nodes = podnet.ok("top", "nodes").out();
    assertThat(nodes.lines().skip(1).map(l -> l.split("\\s+")[0]).toList()).containsExactly("node-1", "node-2", "node-3");
    // an agent is a JVM: tens of MiB resident, never 0
    assertThat(nodes.lines().skip(1).map(l -> Long.parseLong(l.split("\\s+")[2].replace("Mi", ""))).toList()).allMatch(mib -> mib >= 10);
    String pods = podnet.ok("top", "pods").out();
    assertThat(pods.lines().filter(l -> l.startsWith("a ")).findFirst()).hasValueSatisfying(l -> assertThat(l.split("\\s+")[3]).isNotEqualTo("0"));
  }

  private String nodeIp(String node) {
    for (com.fasterxml.jackson.databind.JsonNode a : podnet.get("node", node).path("status").path("addresses")) {
      if (a.path("type").asText().equals("InternalIP")) {
        return a.path("address").asText();
      }
    }
    throw new AssertionError(node + " has no InternalIP");
  }

  private static double value(String metrics, String name) {
    return metrics.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1))).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in the metrics:\n" + metrics));
  }
}

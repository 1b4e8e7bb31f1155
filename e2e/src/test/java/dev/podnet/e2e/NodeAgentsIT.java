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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
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
 * The node-agents issue's acceptance: one agent process per node in that node's namespace, a
 * kill -9 of one under a request loop loses nothing and changes nothing that was right, and a
 * node cut off from the LAN turns NotReady within the grace period, leaves its Services, and
 * comes back.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeAgentsIT {
  private static final Duration READY = Duration.ofSeconds(120);
  private static final Duration GRACE = Duration.ofSeconds(10);
  private final Podnet podnet = Podnet.forRun("agents");
  private final String name = podnet.cluster;

  @BeforeAll
  void up() {
    podnet.up("--nodes", "3");
    StringBuilder y = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      y.append(ServicesIT.server("web-" + i, "node-" + i, "web")).append("---\n");
    }
    y.append(PodNetworkingChecks.pod("client", "node-1", "[\"pause\"]", false)).append("---\n");
    y.append(ServicesIT.service("web", "NodePort", "    nodePort: 30090\n"));
    podnet.apply(y.toString());
    podnet.await("servers and client Ready", READY, l -> ClusterIT.readyCount(l) >= 4, "pods");
    podnet.await("web has 3 endpoints", READY, l -> ServicesIT.endpoints(l, "web").size() == 3, "endpointslices");
  }

  @AfterAll
  void down() {
    podnet.downAndForget();
  }

  private Map<String, Long> agents() {
    Map<String, Long> out = new TreeMap<>();
    Matcher m = Pattern.compile("(node-\\d+) pid (\\d+)").matcher(podnet.ok("status").out());
    while (m.find()) {
      out.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return out;
  }

  private static Object inode(Path p) throws IOException {
    return Files.getAttribute(p, "unix:ino");
  }

  @Test
  @Order(1)
  void everyNodeHasItsOwnAgentProcessInsideItsNetworkNamespaceAndIsReady() throws IOException {
    Map<String, Long> agents = agents();
    assertThat(agents).containsOnlyKeys("node-1", "node-2", "node-3");
    for (Map.Entry<String, Long> a : agents.entrySet()) {
      assertThat(inode(Path.of("/proc", a.getValue().toString(), "ns", "net"))).as("%s's agent's network namespace", a.getKey())
          .isEqualTo(inode(Path.of("/run/netns", "pn-" + name + "-" + a.getKey())));
      assertThat(Files.readString(Path.of("/proc", a.getValue().toString(), "cmdline"))).contains("--node\0" + a.getKey());
    }
    for (JsonNode n : podnet.get("nodes").path("items")) {
      assertThat(ready(n)).as(n.path("metadata").path("name").asText()).isEqualTo("True");
    }
    assertThat(podnet.get("leases", "-n", "kube-node-lease").path("items")).hasSize(3);
  }

  private static String ready(JsonNode node) {
    for (JsonNode c : node.path("status").path("conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        return c.path("status").asText();
      }
    }
    return "";
  }

  /** {@code count} requests from the client pod, 50 ms apart; one HTTP status (or 000) per line. */
  private CompletableFuture<List<String>> loop(String url, int count) {
    return CompletableFuture.supplyAsync(() -> podnet.run("exec", "client", "--", "sh", "-c",
        "for i in $(seq 1 " + count + "); do curl -s -o /dev/null -m 2 -w '%{http_code}\\n' " + url + "; sleep 0.05; done").out().lines().toList());
  }

  private Path agentLog(String node) {
    return podnet.stateBase.resolve(name).resolve("nodes").resolve(node).resolve("agent.log");
  }

  @Test
  @Order(2)
  void killingAnAgentLosesNoRequestAndItComesBackWritingNothingThatWasRight() throws Exception {
    String ip = podnet.get("svc", "web").path("spec").path("clusterIP").asText();
    // The system pods (DNS, ingress) must have settled first: one turning Ready while the agent is
    // down changes its Service's endpoints, and the new agent would rightly write that change.
    podnet.await("every pod Ready", READY, l -> ClusterIT.readyCount(l) == l.path("items").size(), "pods", "-A");
    Podnet.sleep(1000);
    long before = agents().get("node-2");
    CompletableFuture<List<String>> viaClusterIp = loop("http://" + ip + "/hostname", 150);
    CompletableFuture<List<String>> viaNodePort = loop("http://172.18.0.3:30090/hostname", 150);
    Podnet.sleep(1500);
    Exec.run(List.of("kill", "-9", String.valueOf(before)), null);
    Podnet.sleep(100);
    long logAt = Files.size(agentLog("node-2")); // what follows is the new process's
    assertThat(viaClusterIp.get()).hasSize(150).containsOnly("200");
    assertThat(viaNodePort.get()).hasSize(150).containsOnly("200");
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline && (agents().getOrDefault("node-2", before) == before || !afterRestart("node-2", logAt).contains("node process up"))) {
      Podnet.sleep(500);
    }
    String restarted = afterRestart("node-2", logAt);
    assertThat(agents().get("node-2")).as("a new agent process").isNotEqualTo(before);
    assertThat(restarted).contains("proxy table already right, nothing written").doesNotContain("proxy sync applied").doesNotContain("routing synced");
    assertThat(ready(podnet.get("node", "node-2"))).isEqualTo("True");
    // Later changes reach the restarted agent: a new NodePort answers on node-2.
    podnet.apply(ServicesIT.service("web2", "NodePort", "    nodePort: 30091\n").replace("name: web\n", "name: web2\n"));
    String answer = "";
    for (int i = 0; i < 40 && !answer.startsWith("web-"); i++) {
      answer = podnet.run("exec", "client", "--", "curl", "-s", "-m", "2", "http://172.18.0.3:30091/hostname").out();
      Podnet.sleep(250);
    }
    assertThat(answer).startsWith("web-");
  }

  private String afterRestart(String node, long offset) {
    try {
      String all = Files.readString(agentLog(node));
      return all.substring((int) Math.min(offset, all.length()));
    } catch (IOException e) {
      return "";
    }
  }

  private void lanLink(String node, String state) {
    Exec.Result r = Exec.run(List.of("ip", "-n", "pn-" + name + "-lan", "link", "set", "lan-" + node, state), null);
    assertThat(r.exitCode()).as("ip link set lan-%s %s: %s", node, state, r.stderr()).isZero();
  }

  @Test
  @Order(3)
  void aNodeCutOffFromTheLanTurnsNotReadyLeavesItsServicesAndComesBack() {
    String ip = podnet.get("svc", "web").path("spec").path("clusterIP").asText();
    lanLink("node-3", "down");
    try {
      long cut = System.nanoTime();
      podnet.await("node-3 not ready", GRACE.plusSeconds(20), n -> !ready(n).equals("True"), "node", "node-3");
      Duration took = Duration.ofNanos(System.nanoTime() - cut);
      assertThat(took).as("NotReady after the grace period (%s), not much later", GRACE).isLessThan(GRACE.plusSeconds(8));
      podnet.await("web-3 left the Service", READY, l -> ServicesIT.endpoints(l, "web").size() == 2, "endpointslices");
      Podnet.sleep(1500); // the other nodes' proxies apply the smaller slice
      assertThat(loop("http://" + ip + "/hostname", 40).join()).as("every request after the grace period succeeds").containsOnly("200");
    } finally {
      lanLink("node-3", "up");
    }
    podnet.await("node-3 Ready again", READY, n -> ready(n).equals("True"), "node", "node-3");
    podnet.await("web-3 back in the Service", READY, l -> ServicesIT.endpoints(l, "web").size() == 3, "endpointslices");
  }
}

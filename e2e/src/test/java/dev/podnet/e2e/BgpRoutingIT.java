package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * {@code --routing bgp} as a Calico user runs it: sessions shown by {@code get bgppeers} and
 * {@code describe node}; kill -9 of an agent under a pod-to-pod loop loses nothing (graceful
 * restart, kernel routes kept); switching the mesh to a route reflector with Calico's own
 * manifests loses nothing; a deleted node's route goes from every node, and its Lease and
 * BGPStatus with it (the Node owns them).
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BgpRoutingIT {
  private static final Duration READY = Duration.ofSeconds(120);
  private final Podnet podnet = Podnet.forRun("bgpr");
  private final String name = podnet.cluster;
  private final List<String> targets = new ArrayList<>();

  @BeforeAll
  void up() {
    podnet.up("--nodes", "3", "--routing", "bgp", "--no-ingress", "--no-edge"); // the edge router would add MetalLB sessions to the counts
    String y = ServiceChecks.server("web-1", "node-1", "web") + "---\n" + ServiceChecks.server("web-3", "node-3", "web") + "---\n"
        + PodNetworkingChecks.pod("client", "node-2", "[\"pause\"]", false);
    podnet.apply(y);
    podnet.await("servers and client Ready", READY, l -> ClusterIT.readyCount(l) >= 3, "pods");
    for (String pod : List.of("web-1", "web-3")) {
      targets.add("http://" + podnet.get("pod", pod).path("status").path("podIP").asText() + ":8080/hostname");
    }
  }

  @AfterAll
  void down() {
    podnet.downAndForget();
  }

  /** {@code count} rounds from the client pod on node-2 to the pods on node-1 and node-3, 50 ms apart; one status per request. */
  private CompletableFuture<List<String>> loop(int count) {
    String curls = String.join("; ", targets.stream().map(u -> "curl -s -o /dev/null -m 2 -w '%{http_code}\\n' " + u).toList());
    return CompletableFuture.supplyAsync(() -> podnet.run("exec", "client", "--", "sh", "-c",
        "for i in $(seq 1 " + count + "); do " + curls + "; sleep 0.05; done").out().lines().toList());
  }

  private String bgpRoutes(String node) {
    return podnet.ok("exec", "--node", node, "--", "ip", "route").out().lines().filter(l -> l.contains("proto bgp"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  private JsonNode sessions(String node) {
    return podnet.get("bgpstatus", node).path("status").path("peers");
  }

  private long agent(String node) {
    Matcher m = Pattern.compile(node + " pid (\\d+)").matcher(podnet.ok("status").out());
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  @Test
  @Order(1)
  void everyNodeShowsAnEstablishedMeshSessionWithEachOtherNode() {
    podnet.await("every node reports 2 established sessions", READY, l -> {
      int up = 0;
      for (JsonNode s : l.path("items")) {
        up += s.path("status").path("numberEstablished").asInt();
      }
      return up == 6;
    }, "bgpstatuses");
    String table = podnet.ok("get", "bgppeers").out();
    assertThat(table.lines().filter(l -> l.matches("node-\\d\\s+172\\.18\\.0\\.\\d\\s+64512\\s+NodeMesh\\s+Established\\s+.*")).count())
        .as(table).isEqualTo(6);
    assertThat(podnet.ok("describe", "node", "node-2").out()).contains("BGP Sessions:").containsPattern("172\\.18\\.0\\.2\\s+64512\\s+NodeMesh\\s+Established");
  }

  @Test
  @Order(2)
  void killingAnAgentUnderAPodToPodLoopLosesNothing() throws Exception {
    long before = agent("node-3");
    Path log = podnet.stateBase.resolve(name).resolve("nodes").resolve("node-3").resolve("agent.log");
    CompletableFuture<List<String>> loop = loop(120);
    Podnet.sleep(1500);
    long logAt = Files.size(log);
    Exec.run(List.of("kill", "-9", String.valueOf(before)), null);
    assertThat(loop.get()).hasSize(240).containsOnly("200");
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline && !after(log, logAt).contains("bgp speaker started")) {
      Podnet.sleep(500);
    }
    assertThat(agent("node-3")).as("a new agent process").isNotEqualTo(before);
    assertThat(after(log, logAt)).as("the new agent found its routes and restarted gracefully").contains("restarting=true");
    podnet.await("node-3's sessions are back", READY, s -> s.path("status").path("numberEstablished").asInt() == 2, "bgpstatus", "node-3");
    assertThat(bgpRoutes("node-3").lines().count()).isEqualTo(2);
  }

  private static String after(Path log, long offset) {
    try {
      String all = Files.readString(log);
      return all.substring((int) Math.min(offset, all.length()));
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  @Order(3)
  void switchingTheMeshToARouteReflectorWithCalicosManifestsLosesNothing() throws Exception {
    CompletableFuture<List<String>> loop = loop(150);
    Podnet.sleep(1000);
    podnet.kubectl("label", "node", "node-1", "route-reflector=true");
    podnet.kubectl("annotate", "node", "node-1", "projectcalico.org/RouteReflectorClusterID=244.0.0.1");
    podnet.apply(Podnet.resource("bgp-route-reflector.yaml"));
    podnet.await("node-2 peers only with the reflector", READY, s -> s.path("status").path("peers").size() == 1, "bgpstatus", "node-2");
    assertThat(loop.get()).hasSize(300).containsOnly("200");
    assertThat(sessions("node-2")).singleElement().satisfies(s -> {
      assertThat(s.path("peerIP").asText()).isEqualTo("172.18.0.2");
      assertThat(s.path("type").asText()).isEqualTo("NodePeer");
      assertThat(s.path("peerName").asText()).as("the Calico BGPPeer the session was made for").isEqualTo("peer-with-route-reflectors");
    });
    assertThat(podnet.ok("get", "bgppeers").out()).containsPattern("node-2\\s+172\\.18\\.0\\.2\\s+64512\\s+NodePeer/peer-with-route-reflectors\\s+");
    podnet.await("the reflector keeps both clients", READY, s -> s.path("status").path("numberEstablished").asInt() == 2, "bgpstatus", "node-1");
    assertThat(bgpRoutes("node-2")).as("node-2 still reaches node-3's pods, through routes the reflector passed on")
        .containsPattern("10\\.244\\.\\d+\\.0/24 via 172\\.18\\.0\\.4 dev eth0 proto bgp");
  }

  /** The names of the objects {@code get ARGS} lists. */
  private List<String> names(String... getArgs) {
    List<String> out = new ArrayList<>();
    podnet.get(getArgs).path("items").forEach(i -> out.add(i.path("metadata").path("name").asText()));
    return out;
  }

  @Test
  @Order(4)
  void aDeletedNodesRouteIsWithdrawnFromEveryNodeAndItsLeaseAndBgpStatusGo() {
    String cidr = podnet.get("node", "node-3").path("spec").path("podCIDR").asText();
    assertThat(names("bgpstatuses")).contains("node-3");
    assertThat(names("leases", "-n", "kube-node-lease")).contains("node-3");
    podnet.ok("delete", "node", "node-3");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && (bgpRoutes("node-1").contains(cidr) || bgpRoutes("node-2").contains(cidr))) {
      Podnet.sleep(500);
    }
    assertThat(bgpRoutes("node-1")).doesNotContain(cidr);
    assertThat(bgpRoutes("node-2")).doesNotContain(cidr);
    Podnet.converge("node-3's BGPStatus and Lease are garbage-collected with their Node", Duration.ofSeconds(30),
        () -> !names("bgpstatuses").contains("node-3") && !names("leases", "-n", "kube-node-lease").contains("node-3"));
    Podnet.sleep(3000); // node-3's agent still runs: its status writer and heartbeat must not bring them back
    assertThat(names("bgpstatuses")).doesNotContain("node-3").contains("node-1", "node-2");
    assertThat(names("leases", "-n", "kube-node-lease")).doesNotContain("node-3").contains("node-1", "node-2");
  }
}

package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The upstream sig-network pod-networking checks (test/e2e/common/network/networking.go
 * "Granular Checks: Pods", and the e2e/network pod checks), ported to drive bin/podnet with the
 * agnhost image, on a 3-node cluster of one routing backend (see the two subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PodNetworkingChecks {
  static final String AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";
  private static final Duration READY = Duration.ofSeconds(120);
  private final String routing;
  private final String name;
  final Podnet podnet;
  private List<JsonNode> netservers;
  private JsonNode testPod;

  private final String datapath;

  PodNetworkingChecks(String routing, String tag) {
    this(routing, tag, "nftables");
  }

  /** The checks on {@code routing} with the pods' service datapath {@code datapath} (which must leave pod-to-pod traffic alone). */
  PodNetworkingChecks(String routing, String tag, String datapath) {
    this.routing = routing;
    this.datapath = datapath;
    this.podnet = Podnet.forRun(tag);
    this.name = podnet.cluster;
  }

  @BeforeAll
  void up() {
    podnet.up("--nodes", "3", "--routing", routing, "--datapath", datapath);
    StringBuilder y = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      y.append(netserver("netserver-" + (i - 1), "node-" + i)).append("---\n");
    }
    y.append(pod("test-container-pod", "node-1", "[\"netexec\", \"--http-port=8080\", \"--udp-port=8081\"]", false)).append("---\n");
    for (int i = 1; i <= 3; i++) {
      y.append(pod("host-test-container-pod-" + i, "node-" + i, "[\"pause\"]", true)).append("---\n");
    }
    podnet.apply(y.toString());
    JsonNode pods = podnet.await("netservers and test pods Ready", READY, l -> ClusterIT.readyCount(l) == 7, "pods");
    netservers = new ArrayList<>();
    for (JsonNode p : pods.path("items")) {
      String n = p.path("metadata").path("name").asText();
      if (n.startsWith("netserver-")) {
        netservers.add(p);
      } else if (n.equals("test-container-pod")) {
        testPod = p;
      }
    }
    assertThat(netservers).hasSize(3);
  }

  @AfterAll
  void down() {
    podnet.downAndForget();
  }

  static String netserver(String name, String node) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  labels:\n    selector: netserver\nspec:\n  nodeName: " + node
        + "\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: webserver\n    image: " + AGNHOST
        + "\n    args: [\"netexec\", \"--http-port=8083\", \"--udp-port=8081\"]\n    ports:\n    - {name: http, containerPort: 8083}\n"
        + "    - {name: udp, containerPort: 8081, protocol: UDP}\n    readinessProbe:\n      httpGet: {path: /healthz, port: 8083}\n"
        + "      periodSeconds: 1\n    livenessProbe:\n      httpGet: {path: /healthz, port: 8083}\n      periodSeconds: 10\n";
  }

  static String pod(String name, String node, String args, boolean hostNetwork) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\nspec:\n  nodeName: " + node + "\n  hostNetwork: " + hostNetwork
        + "\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: c\n    image: " + AGNHOST + "\n    args: " + args + "\n";
  }

  private static String ip(JsonNode p) {
    return p.path("status").path("podIP").asText();
  }

  private static String podName(JsonNode p) {
    return p.path("metadata").path("name").asText();
  }

  /** The test pod's netexec /dial, as upstream's DialFromTestContainer does (through exec instead of the API proxy). */
  private Set<String> dial(String protocol, String host, int port, String request, int tries) {
    String url = "http://127.0.0.1:8080/dial?request=" + request + "&protocol=" + protocol + "&host=" + host + "&port=" + port + "&tries=" + tries;
    Podnet.Result r = podnet.run("exec", "test-container-pod", "--", "curl", "-s", "-g", "-q", url);
    Set<String> out = new HashSet<>();
    if (r.ok() && !r.out().isBlank()) {
      r.json().path("responses").forEach(x -> out.add(x.asText()));
    }
    return out;
  }

  /** Upstream's bound: every endpoint answers within N²+30 tries (N = endpoints); returns the tries it took. */
  private int dialUntilAll(String protocol, int port, JsonNode server) {
    int max = netservers.size() * netservers.size() + 30;
    for (int t = 1; t <= max; t++) {
      if (dial(protocol, ip(server), port, "hostname", 1).contains(podName(server))) {
        return t;
      }
      Podnet.sleep(200);
    }
    throw new AssertionError(protocol + " dial to " + podName(server) + " got no answer in " + max + " tries");
  }

  @Test
  @Order(1)
  void intraPodCommunicationOverHttpAndUdpReachesEveryNetserver() {
    for (JsonNode s : netservers) {
      int http = dialUntilAll("http", 8083, s);
      int udp = dialUntilAll("udp", 8081, s);
      System.out.printf("[%s] %s: http in %d tries, udp in %d tries%n", routing, podName(s), http, udp);
    }
  }

  @Test
  @Order(2)
  void nodeToPodCommunicationFromEveryNodesHostNetwork() {
    for (int i = 1; i <= 3; i++) {
      String host = "host-test-container-pod-" + i;
      for (JsonNode s : netservers) {
        Podnet.Result http = podnet.run("exec", host, "--", "curl", "-g", "-q", "-s", "--max-time", "5", "http://" + ip(s) + ":8083/hostName");
        assertThat(http.out()).as("node-%d -> %s over http", i, podName(s)).isEqualTo(podName(s));
        Podnet.Result udp = podnet.runWithInput("hostName\n", "exec", host, "--", "nc", "-w", "1", "-u", ip(s), "8081");
        assertThat(udp.out().strip()).as("node-%d -> %s over udp", i, podName(s)).isEqualTo(podName(s));
      }
    }
  }

  @Test
  @Order(3)
  void sameNodeAndCrossNodeClientsSeeTheirOwnIpAndLargePayloadsCrossIntact() {
    JsonNode sameNode = netservers.stream().filter(s -> s.path("spec").path("nodeName").asText().equals("node-1")).findFirst().orElseThrow();
    JsonNode crossNode = netservers.stream().filter(s -> s.path("spec").path("nodeName").asText().equals("node-3")).findFirst().orElseThrow();
    String msg = "x".repeat(2000);
    for (JsonNode s : List.of(sameNode, crossNode)) {
      Podnet.Result c = podnet.run("exec", "test-container-pod", "--", "curl", "-s", "http://" + ip(s) + ":8083/clientip");
      assertThat(c.out()).startsWith(ip(testPod) + ":");
      Podnet.Result e = podnet.run("exec", "test-container-pod", "--", "curl", "-s", "http://" + ip(s) + ":8083/echo?msg=" + msg);
      assertThat(e.out()).isEqualTo(msg);
      String datagram = "echo " + "u".repeat(2000);
      Podnet.Result u = podnet.runWithInput(datagram, "exec", "test-container-pod", "--", "socat", "-t", "2", "-", "UDP:" + ip(s) + ":8081");
      assertThat(datagram.length()).isEqualTo(2005);
      assertThat(u.out().strip()).isEqualTo("u".repeat(2000));
    }
  }

  @Test
  @Order(4)
  void aHostNetworkPodsHostnameIsItsNodeAndItsIpTheNodesInternalIp() {
    JsonNode host = podnet.get("pod", "host-test-container-pod-2");
    JsonNode node = podnet.get("node", "node-2");
    String internal = "";
    for (JsonNode a : node.path("status").path("addresses")) {
      if (a.path("type").asText().equals("InternalIP")) {
        internal = a.path("address").asText();
      }
    }
    assertThat(ip(host)).isEqualTo(internal);
    assertThat(podnet.ok("exec", "host-test-container-pod-2", "--", "hostname").out().strip()).isEqualTo("node-2");
  }

  @Test
  @Order(5)
  void containersOfOnePodReachEachOtherOnLocalhostAndSeeThePodsNames() {
    String yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pair\nspec:\n  hostname: pairhost\n  subdomain: sub\n"
        + "  terminationGracePeriodSeconds: 1\n  containers:\n  - name: a\n    image: " + AGNHOST + "\n    args: [\"netexec\", \"--http-port=8080\", \"--udp-port=8081\"]\n"
        + "  - name: b\n    image: " + AGNHOST + "\n    args: [\"netexec\", \"--http-port=9080\", \"--udp-port=9081\"]\n";
    podnet.apply(yaml);
    JsonNode pair = podnet.await("pair Ready", READY, p -> ClusterIT.condition(p, "Ready").equals("True"), "pod", "pair");
    assertThat(podnet.ok("exec", "pair", "-c", "a", "--", "curl", "-s", "http://127.0.0.1:9080/hostname").out()).isEqualTo("pairhost");
    assertThat(podnet.runWithInput("hostname\n", "exec", "pair", "-c", "b", "--", "nc", "-w", "1", "-u", "127.0.0.1", "8081").out().strip())
        .isEqualTo("pairhost");
    String hosts = podnet.ok("exec", "pair", "-c", "b", "--", "cat", "/etc/hosts").out();
    assertThat(hosts).contains(ip(pair) + "\tpairhost.sub.default.svc.cluster.local\tpairhost");
    assertThat(podnet.ok("exec", "pair", "-c", "a", "--", "agnhost", "connect", "--timeout=2s", "127.0.0.1:9080").exit()).isZero();
  }

  @Test
  @Order(6)
  void aDeletedPodStopsAnsweringAndItsReplacementAnswersWithItsOwnName() {
    JsonNode victim = netservers.get(2);
    podnet.ok("delete", "pod", podName(victim));
    Podnet.Result gone = podnet.run("exec", "test-container-pod", "--", "agnhost", "connect", "--timeout=2s", ip(victim) + ":8083");
    assertThat(gone.exit()).isNotZero();
    podnet.apply(netserver("netserver-new", "node-3"));
    JsonNode fresh = podnet.await("replacement Ready", READY, p -> ClusterIT.condition(p, "Ready").equals("True"), "pod", "netserver-new");
    assertThat(dial("http", ip(fresh), 8083, "hostname", 3)).contains("netserver-new");
  }
}

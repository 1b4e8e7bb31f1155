package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * MetalLB's BGP mode against a real router: the lab's edge namespace runs BIRD 2, the nodes
 * announce the LoadBalancer IPs of pool {@code bgp} to it, and every request comes from the routed
 * client behind it (podnet exec --outside-routed), which has no way to the cluster but the
 * router's routes. Backends run on node-1 and node-2 only, so node-3 is a pure ingress node
 * (eTP=Cluster) or no path at all (eTP=Local).
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancerBgpIT {
  private static final Duration READY = Duration.ofSeconds(120);
  private static final Duration CONVERGE = Duration.ofSeconds(30);
  private static final String ROUTED_CLIENT = "198.51.100.2";
  private final Podnet podnet = Podnet.forRun("lbbgp");
  private final Map<String, String> nodeIps = new HashMap<>();
  /** A node's pod CIDR's first three octets ("10.244.1") to its name: an SNATed source names the node a flow came in by. */
  private final Map<String, String> nodeByPodNet = new HashMap<>();
  private JsonNode cluster;
  private String ip;

  @BeforeAll
  void up() {
    podnet.up("--nodes", "3");
    StringBuilder y = new StringBuilder();
    for (String node : List.of("node-1", "node-2")) {
      y.append(PodNetworkingChecks.pod("web-" + node, node, "[\"netexec\", \"--http-port=8080\"]", false)
          .replace("metadata:\n  name: web-" + node + "\n", "metadata:\n  name: web-" + node + "\n  labels: {app: web}\n")).append("---\n");
    }
    podnet.apply(y.toString());
    podnet.await("web pods Ready", READY, l -> ServicesMoreIT.readyCount(l) == 2, "pods", "-l", "app=web");
    for (JsonNode n : podnet.get("nodes").path("items")) {
      String name = n.path("metadata").path("name").asText();
      nodeIps.put(name, n.path("status").path("addresses").get(0).path("address").asText());
      String cidr = n.path("spec").path("podCIDR").asText();
      nodeByPodNet.put(cidr.substring(0, cidr.lastIndexOf('.')), name);
    }
    cluster = podnet.kubectl("get", "--raw", "/apis/podnet.dev/v1/cluster").json();
  }

  @AfterAll
  void down() {
    podnet.downAndForget();
  }

  private String service(String etp) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: web-bgp\n  annotations: {metallb.io/address-pool: bgp}\n"
        + "spec:\n  type: LoadBalancer\n  externalTrafficPolicy: " + etp + "\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n";
  }

  private String routed(String path) {
    return podnet.run("exec", "--outside-routed", "--", "curl", "-s", "--max-time", "2", "http://" + ip + path).out().strip();
  }

  private String edge(String... command) {
    return podnet.run(Podnet.concat("exec", new String[] {"--edge", "--"}, command)).out();
  }

  /** The node addresses the edge's kernel route to the LB IP goes through (one per nexthop, or its single via). */
  private Set<String> kernelNextHops() {
    Set<String> out = new TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("via (\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(edge("ip", "route", "show", ip));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private Set<String> ips(String... nodes) {
    return new TreeSet<>(List.of(nodes).stream().map(nodeIps::get).toList());
  }


  @Test
  @Order(1)
  void upCreatesTheEdgeRouterWithASessionFromEveryNodeAndMetalLbsBgpObjects() {
    JsonNode peer = podnet.get("bgppeers.metallb.io", "-n", "metallb-system", "edge");
    assertThat(peer.path("spec").path("peerAddress").asText()).isEqualTo("172.18.0.253");
    assertThat(peer.path("spec").path("peerASN").asLong()).isEqualTo(64500);
    assertThat(podnet.get("bgpadvertisements", "-n", "metallb-system", "bgp").path("spec").path("ipAddressPools").get(0).asText()).isEqualTo("bgp");
    assertThat(podnet.get("ipaddresspools", "-n", "metallb-system", "bgp").path("spec").path("addresses").get(0).asText()).isEqualTo("10.250.0.0/24");
    assertThat(podnet.ok("get", "bgppeers.metallb.io", "-n", "metallb-system").out()).contains("ADDRESS").contains("172.18.0.253").contains("64500");
    // kubectl resolves the name through discovery, where metallb.io has two versions (BGPPeer is v1beta2)
    assertThat(podnet.kubectl("get", "bgppeers.metallb.io", "-n", "metallb-system", "-o", "name").out().strip())
        .isEqualTo("bgppeer.metallb.io/edge");
    Podnet.converge("BIRD has a session from each of the 3 nodes", CONVERGE,
        () -> edge("birdc", "show", "protocols").lines().filter(l -> l.contains("Established")).count() == 3);
    // the same sessions as each node's agent reports them in its BGPStatus (written within 2 s of a state change)
    java.util.regex.Pattern row = java.util.regex.Pattern.compile("node-\\d\\s+172\\.18\\.0\\.253\\s+64500\\s+MetalLB/edge\\s+Established\\s");
    Podnet.converge("podnet get bgppeers shows each node's session to the edge Established", CONVERGE,
        () -> podnet.ok("get", "bgppeers").out().lines().filter(l -> row.matcher(l).lookingAt()).count() == 3);
  }

  @Test
  @Order(2)
  void aBgpPoolServiceIsReachedFromTheRoutedClientThroughEveryNode() {
    podnet.apply(service("Cluster"));
    Podnet.converge("an IP from pool bgp", CONVERGE, () -> podnet.get("svc", "web-bgp").path("status").path("loadBalancer").path("ingress").path(0)
        .path("ip").asText("").startsWith("10.250.0."));
    ip = podnet.get("svc", "web-bgp").path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText();
    Podnet.converge("the edge's kernel routes " + ip + " over all 3 nodes", CONVERGE, () -> kernelNextHops().equals(ips("node-1", "node-2", "node-3")));
    String rib = edge("birdc", "show", "route", ip + "/32");
    for (String node : List.of("node-1", "node-2", "node-3")) {
      assertThat(rib).as("BIRD's RIB has a path via " + node).contains("via " + nodeIps.get(node));
    }
    assertThat(routed("/hostname")).startsWith("web-");
    // eTP=Cluster: each ingress node SNATs to its own pod-network address, so the source names the node a flow came in by
    Set<String> ingressNodes = new TreeSet<>();
    String loop = "for i in $(seq 1 40); do curl -s --max-time 2 http://" + ip + "/clientip; echo; done";
    for (String line : podnet.run("exec", "--outside-routed", "--", "sh", "-c", loop).out().lines().toList()) {
      String host = line.contains(":") ? line.substring(0, line.lastIndexOf(':')) : line;
      if (host.contains(".")) {
        ingressNodes.add(nodeByPodNet.getOrDefault(host.substring(0, host.lastIndexOf('.')), "unknown " + host));
      }
    }
    System.out.println("ingress nodes seen over 40 requests: " + ingressNodes);
    assertThat(ingressNodes).as("flows spread over every node by the router's ECMP").containsExactlyInAnyOrder("node-1", "node-2", "node-3");
  }

  @Test
  @Order(3)
  void localTrafficPolicyIsAnnouncedOnlyFromNodesWithEndpointsAndKeepsTheClientIp() {
    podnet.apply(service("Local"));
    Podnet.converge("node-3 (no endpoint) withdraws " + ip, CONVERGE, () -> kernelNextHops().equals(ips("node-1", "node-2")));
    assertThat(edge("birdc", "show", "route", ip + "/32")).doesNotContain("via " + nodeIps.get("node-3"));
    for (int i = 0; i < 10; i++) {
      assertThat(routed("/clientip")).as("the routed client's own address reaches the pod").startsWith(ROUTED_CLIENT + ":");
    }
    podnet.apply(service("Cluster"));
    Podnet.converge("node-3 announces again under eTP=Cluster", CONVERGE, () -> kernelNextHops().equals(ips("node-1", "node-2", "node-3")));
  }

  /**
   * node-3 fails (its LAN cable is pulled; the namespace keeps running, as a hung machine): BIRD's
   * hold timer (6 s in the lab) ends the session and its path goes; requests then all succeed
   * through node-1 and node-2. Back on the LAN, node-3's speaker reconnects and announces again.
   */
  @Test
  @Order(4)
  void aFailedNodesPathIsWithdrawnAndRequestsKeepSucceeding() {
    String lan = "pn-" + podnet.cluster + "-lan";
    Exec.Result cut = Exec.run(List.of("ip", "netns", "exec", lan, "ip", "link", "set", "lan-node-3", "down"), null);
    assertThat(cut.ok()).as(cut.stderr()).isTrue();
    try {
      long ms = Podnet.converge("node-3's path withdrawn after its cable is pulled", CONVERGE, () -> kernelNextHops().equals(ips("node-1", "node-2")));
      System.out.printf("withdrawal after node-3 failed: %d ms (hold time 6 s)%n", ms);
      String loop = "ok=0; for i in $(seq 1 30); do curl -s --max-time 2 http://" + ip + "/hostname | grep -q web- && ok=$((ok+1)); done; echo $ok";
      assertThat(podnet.run("exec", "--outside-routed", "--", "sh", "-c", loop).out().strip()).as("requests that succeeded of 30").isEqualTo("30");
    } finally {
      Exec.run(List.of("ip", "netns", "exec", lan, "ip", "link", "set", "lan-node-3", "up"), null);
    }
    Podnet.converge("node-3 back on the LAN announces again", Duration.ofSeconds(60), () -> kernelNextHops().equals(ips("node-1", "node-2", "node-3")));
  }

  @Test
  @Order(5)
  void downRemovesTheRouterItsNamespacesAndFiles() throws Exception {
    Path socket = Path.of(cluster.path("edge").path("birdSocket").asText());
    long pid = Long.parseLong(Files.readString(socket.resolveSibling("bird.pid")).strip());
    assertThat(ProcessHandle.of(pid)).as("BIRD runs while the cluster is up").isPresent();
    Podnet.Result down = podnet.run("down");
    assertThat(down.ok()).as(down.err()).isTrue();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("BIRD ended when down returned").isFalse();
    String namespaces = Exec.run(List.of("ip", "netns", "list"), null).stdout();
    assertThat(namespaces).doesNotContain("pn-" + podnet.cluster + "-edge").doesNotContain("pn-" + podnet.cluster + "-outside-routed");
    assertThat(socket.getParent()).as("BIRD's config, socket and log").doesNotExist();
  }
}

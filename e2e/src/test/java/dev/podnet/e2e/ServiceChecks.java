package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.Exec;
import java.time.Duration;
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
 * Pod-to-service, ported from upstream sig-network service tests (test/e2e/network/service.go),
 * through bin/podnet with agnhost workloads on 3 nodes; the subclasses pick the pod datapath.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ServiceChecks {
  private static final Duration READY = Duration.ofSeconds(120);
  private static final String AGNHOST = PodNetworkingChecks.AGNHOST;
  final Podnet podnet;
  private final String name;
  final String datapath;
  private final String routing;

  /** The checks on a cluster whose pods reach Services through {@code datapath} (nftables, ebpf). */
  ServiceChecks(String tag, String datapath) {
    this(tag, datapath, "vxlan");
  }

  /** ... and whose nodes reach each other's pods through {@code routing} (vxlan, host-gw, bgp). */
  ServiceChecks(String tag, String datapath, String routing) {
    this.routing = routing;
    this.podnet = Podnet.forRun(tag);
    this.name = podnet.cluster;
    this.datapath = datapath;
  }

  @BeforeAll
  void up() {
    podnet.up("--nodes", "3", "--datapath", datapath, "--routing", routing);
    StringBuilder y = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      y.append(server("web-" + i, "node-" + i, "web")).append("---\n");
    }
    y.append(PodNetworkingChecks.pod("client", "node-1", "[\"pause\"]", false)).append("---\n");
    y.append(PodNetworkingChecks.pod("host-client", "node-2", "[\"pause\"]", true)).append("---\n");
    y.append(service("web", "ClusterIP", "")).append("---\n");
    y.append(service("web-np", "NodePort", "    nodePort: 30080\n"));
    podnet.apply(y.toString());
    podnet.await("servers and clients Ready", READY, l -> ClusterIT.readyCount(l) == 5, "pods");
    podnet.await("web has 3 endpoints", READY, l -> endpoints(l, "web").size() == 3, "endpointslices");
  }

  @AfterAll
  void down() {
    podnet.downAndForget();
  }

  static String server(String pod, String node, String app) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + pod + "\n  labels:\n    app: " + app + "\n    pod: " + pod + "\nspec:\n  nodeName: " + node
        + "\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: c\n    image: " + AGNHOST
        + "\n    args: [\"netexec\", \"--http-port=8080\", \"--udp-port=8081\"]\n    ports:\n    - {name: http, containerPort: 8080}\n"
        + "    - {name: udp, containerPort: 8081, protocol: UDP}\n    readinessProbe:\n      httpGet: {path: /healthz, port: 8080}\n      periodSeconds: 1\n";
  }

  static String service(String svc, String type, String nodePort) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + svc + "\nspec:\n  type: " + type + "\n  selector:\n    app: web\n  ports:\n"
        + "  - name: http\n    port: 80\n    targetPort: http\n" + nodePort + "  - name: udp\n    port: 90\n    protocol: UDP\n    targetPort: udp\n";
  }

  static Set<String> endpoints(JsonNode slices, String svc) {
    Set<String> out = new HashSet<>();
    for (JsonNode s : slices.path("items")) {
      if (s.path("metadata").path("labels").path("kubernetes.io/service-name").asText().equals(svc)) {
        for (JsonNode e : s.path("endpoints")) {
          if (e.path("conditions").path("ready").asBoolean(false)) {
            e.path("addresses").forEach(a -> out.add(a.asText()));
          }
        }
      }
    }
    return out;
  }

  private String clusterIp(String svc) {
    return podnet.get("svc", svc).path("spec").path("clusterIP").asText();
  }

  private String curl(String from, String url) {
    return podnet.run("exec", from, "--", "curl", "-s", "--max-time", "3", url).out();
  }

  @Test
  @Order(1)
  void aClusterIpIsAllocatedFromTheServiceCidrAndTheKubernetesServiceExists() {
    assertThat(clusterIp("web")).startsWith("10.");
    assertThat(podnet.get("svc", "kubernetes").path("spec").path("clusterIP").asText()).isEqualTo("10.96.0.1");
    Podnet.Result dup = podnet.runWithInput(service("web2", "NodePort", "    nodePort: 30080\n"), "apply", "-f", "-");
    assertThat(dup.exit()).isNotZero();
    assertThat(dup.err()).contains("provided port is already allocated");
  }

  @Test
  @Order(2)
  void dialThroughTheClusterIpReachesEveryEndpointOverHttpAndUdp() {
    String ip = clusterIp("web");
    Set<String> http = new HashSet<>();
    Set<String> udp = new HashSet<>();
    for (int i = 0; i < 60 && (http.size() < 3 || udp.size() < 3); i++) {
      http.add(curl("client", "http://" + ip + ":80/hostname"));
      udp.add(podnet.runWithInput("hostname\n", "exec", "client", "--", "nc", "-u", "-w", "1", ip, "90").out().strip());
    }
    assertThat(http).contains("web-1", "web-2", "web-3");
    assertThat(udp).contains("web-1", "web-2", "web-3");
  }

  @Test
  @Order(3)
  void theClientPodsSourceIpIsPreservedThroughTheClusterIp() {
    podnet.apply("apiVersion: v1\nkind: Service\nmetadata:\n  name: solo\nspec:\n  selector:\n    pod: web-2\n  ports:\n  - port: 80\n    targetPort: 8080\n");
    podnet.await("solo has web-2", READY, l -> endpoints(l, "solo").size() == 1, "endpointslices");
    String clientIp = podnet.get("pod", "client").path("status").path("podIP").asText();
    String seen = curl("client", "http://" + clusterIp("solo") + "/clientip");
    assertThat(seen).as("web-2 on node-2 sees the client on node-1 as itself").startsWith(clientIp + ":");
  }

  @Test
  @Order(4)
  void aPodReachesItselfThroughItsService() {
    String ip = clusterIp("web");
    Set<String> answers = new HashSet<>();
    for (int i = 0; i < 40 && !answers.contains("web-1"); i++) {
      answers.add(curl("web-1", "http://" + ip + "/hostname"));
    }
    assertThat(answers).as("hairpin").contains("web-1");
  }

  @Test
  @Order(5)
  void aNodePortAnswersOnEveryNodeFromPodsAndNodes() {
    for (JsonNode n : podnet.get("nodes").path("items")) {
      String nodeIp = n.path("status").path("addresses").get(0).path("address").asText();
      assertThat(curl("client", "http://" + nodeIp + ":30080/hostname")).as("pod -> %s:30080", nodeIp).startsWith("web-");
      assertThat(curl("host-client", "http://" + nodeIp + ":30080/hostname")).as("node-2 -> %s:30080", nodeIp).startsWith("web-");
    }
  }

  @Test
  @Order(6)
  void endpointsFollowPodsAndADeletedPodIsNeverAnsweredAfterTheSliceShrinks() {
    podnet.ok("delete", "pod", "web-3");
    podnet.await("web-3 left the slice", READY, l -> endpoints(l, "web").size() == 2, "endpointslices");
    String ip = clusterIp("web");
    for (int i = 0; i < 20; i++) {
      assertThat(curl("client", "http://" + ip + "/hostname")).isIn("web-1", "web-2");
    }
    podnet.apply(server("web-3", "node-3", "web"));
    podnet.await("web-3 back in the slice", READY, l -> endpoints(l, "web").size() == 3, "endpointslices");
  }

  @Test
  @Order(7)
  void aServiceWithoutEndpointsIsRefusedNotTimedOut() {
    podnet.apply("apiVersion: v1\nkind: Service\nmetadata:\n  name: empty\nspec:\n  selector:\n    app: nothing\n  ports:\n  - port: 80\n");
    String ip = clusterIp("empty");
    Podnet.Result r = podnet.run("exec", "client", "--", "agnhost", "connect", "--timeout=5s", ip + ":80");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err().strip()).startsWith("REFUSED");
    // timed inside the pod: connect() itself fails at once, well before its 5 s timeout
    String timed = podnet.ok("exec", "client", "--", "perl", "-MTime::HiRes=time", "-MIO::Socket::INET", "-e",
        "$t = time; IO::Socket::INET->new(PeerAddr => shift, Timeout => 5); printf \"%s|%.3f\\n\", $!, time - $t", ip + ":80").out().strip();
    String[] f = timed.split("\\|");
    assertThat(f[0]).as(timed).isEqualTo("Connection refused");
    assertThat(Double.parseDouble(f[1])).as("seconds until connect() failed").isLessThan(2.0);
  }

  /** What a pod's socket says it is connected to: getpeername() through perl's IO::Socket::INET (an AF_INET socket). */
  private String peerOf(String pod, String target) {
    return podnet.ok("exec", pod, "--", "perl", "-MIO::Socket::INET", "-e",
        "$s = IO::Socket::INET->new(PeerAddr => shift, Timeout => 3) or die \"$!\\n\"; print $s->peerhost, \":\", $s->peerport, \"\\n\"",
        target).out().strip();
  }

  @Test
  @Order(10)
  void aPodsSocketConnectedThroughTheClusterIpNamesTheClusterIpAsItsPeer() {
    String ip = clusterIp("web");
    for (int i = 0; i < 5; i++) {
      assertThat(peerOf("client", ip + ":80")).isEqualTo(ip + ":80");
    }
  }

  /**
   * conntrack in the client's node: with nftables each flow to the ClusterIP is an entry DNATed to
   * an endpoint; with the socket LB the pod's packets carry the endpoint's address from the
   * start, so no entry names the ClusterIP at all (the strict form of "no DNAT"), and a Service
   * without endpoints is refused before any packet leaves.
   */
  @Test
  @Order(11)
  void theClientsNodeKeepsADnatEntryForAClusterIpFlowOnlyWhenNftablesTranslatesIt() {
    String ip = clusterIp("web");
    String empty = clusterIp("empty");
    for (int i = 0; i < 6; i++) {
      assertThat(curl("client", "http://" + ip + ":80/hostname")).startsWith("web-");
      assertThat(podnet.runWithInput("hostname\n", "exec", "client", "--", "nc", "-u", "-w", "1", ip, "90").out().strip()).startsWith("web-");
      podnet.run("exec", "client", "--", "agnhost", "connect", "--timeout=2s", empty + ":80");
    }
    String node = podnet.get("pod", "client").path("spec").path("nodeName").asText();
    String toClusterIp = conntrack(node, "-d", ip) + conntrack(node, "-d", empty);
    String dnat = conntrack(node, "--dst-nat");
    if (datapath.equals("ebpf")) {
      assertThat(toClusterIp).as("entries whose original destination is a ClusterIP").isBlank();
      assertThat(dnat).as("DNAT entries in %s", node).doesNotContain("dst=" + ip + " ").doesNotContain("dst=" + empty + " ");
    } else {
      assertThat(toClusterIp).as("the check sees nftables' DNAT entries").contains("dst=" + ip + " ");
      assertThat(dnat).contains("dst=" + ip + " ");
    }
  }

  /**
   * An endpoint taken out of the Service while a client keeps connecting to the ClusterIP: once
   * the client's node has the smaller slice, no new connection reaches it and none fails. The pod
   * is relabelled, not deleted, so it still answers: a stale datapath entry would show as an
   * answer from it, not as an error that could have other causes.
   */
  @Test
  @Order(12)
  void anEndpointRemovedMidRunStopsReceivingNewConnections() {
    String ip = clusterIp("web");
    String web3 = podnet.get("pod", "web-3").path("status").path("podIP").asText();
    java.util.concurrent.CompletableFuture<List<String>> loop = java.util.concurrent.CompletableFuture.supplyAsync(() -> podnet.run("exec",
        "client", "--", "sh", "-c", "for i in $(seq 1 150); do echo \"$(date +%s%3N) $(curl -s -m 2 http://" + ip
            + "/hostname)\"; sleep 0.05; done").out().lines().toList());
    try {
      Podnet.sleep(2000);
      podnet.apply(server("web-3", "node-3", "web-off"));
      podnet.await("web-3 left the slice", READY, l -> endpoints(l, "web").size() == 2, "endpointslices");
      long settled = System.currentTimeMillis() + 1000; // the API shows the slice a moment before the client's node applies it
      List<String> lines = loop.join();
      List<String> after = lines.stream().filter(l -> Long.parseLong(l.split(" ", 2)[0]) > settled).map(l -> l.split(" ", 2)[1].strip()).toList();
      assertThat(after).as("answers once web-3 left the slice (of %s)", lines).hasSizeGreaterThan(10).allMatch(a -> a.equals("web-1") || a.equals("web-2"));
      assertThat(curl("client", "http://" + web3 + ":8080/hostname")).as("web-3 itself still answers").isEqualTo("web-3");
    } finally {
      loop.join();
      podnet.apply(server("web-3", "node-3", "web"));
      podnet.await("web-3 back in the slice", READY, l -> endpoints(l, "web").size() == 3, "endpointslices");
    }
  }

  private String conntrack(String node, String... filter) {
    List<String> argv = new java.util.ArrayList<>(List.of("exec", "--node", node, "--", "conntrack", "-L"));
    argv.addAll(List.of(filter));
    return podnet.run(argv.toArray(String[]::new)).out();
  }

  @Test
  @Order(8)
  void deletingTheNftTableByHandIsRepairedWithinSeconds() {
    String ip = clusterIp("web");
    Exec.run(List.of("nsenter", "--net=/run/netns/pn-" + name + "-node-1", "--", "nft", "delete", "table", "ip", "podnet"), null);
    long t0 = System.nanoTime();
    String answer = "";
    while (System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos() && !answer.startsWith("web-")) {
      answer = curl("client", "http://" + ip + "/hostname");
    }
    assertThat(answer).startsWith("web-");
    System.out.printf("nft table repaired in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
  }

  @Test
  @Order(9)
  void aDeletedNodePortStopsAnswering() {
    podnet.ok("delete", "svc", "web-np");
    Podnet.Result r = podnet.run("exec", "client", "--", "agnhost", "connect", "--timeout=3s", "172.18.0.3:30080");
    long t0 = System.nanoTime();
    while (r.exit() == 0 && System.nanoTime() - t0 < Duration.ofSeconds(15).toNanos()) {
      r = podnet.run("exec", "client", "--", "agnhost", "connect", "--timeout=3s", "172.18.0.3:30080");
    }
    assertThat(r.exit()).isNotZero();
  }
}

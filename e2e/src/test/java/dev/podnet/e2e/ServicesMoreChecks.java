package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * More of upstream's sig-network Service tests (test/e2e/network/service.go, conntrack.go):
 * protocols on one port, session affinity, traffic policies, terminating endpoints, UDP
 * conntrack and a rolling update under load, through bin/podnet on 3 nodes. Every test prints
 * how long podnet took to converge; upstream's bounds are only ceilings. The subclasses pick the
 * pods' service datapath and the routing backend between nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ServicesMoreChecks {
  private static final Duration READY = Duration.ofSeconds(120);
  private static final String AGNHOST = PodNetworkingChecks.AGNHOST;
  private final Podnet podnet;
  private final String datapath;
  private final String routing;
  private final Map<String, String> nodeIps = new HashMap<>();

  /** The checks on a cluster whose pods reach Services through {@code datapath} (nftables, ebpf). */
  ServicesMoreChecks(String tag, String datapath) {
    this(tag, datapath, "vxlan");
  }

  /** ... and whose nodes reach each other's pods through {@code routing} (vxlan, host-gw, bgp). */
  ServicesMoreChecks(String tag, String datapath, String routing) {
    this.podnet = Podnet.forRun(tag);
    this.datapath = datapath;
    this.routing = routing;
  }

  @BeforeAll
  void up() {
    podnet.up("--nodes", "3", "--datapath", datapath, "--routing", routing);
    StringBuilder y = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      y.append(server("web-" + i, "node-" + i, i < 3 ? "    half: \"yes\"\n" : "")).append("---\n");
    }
    y.append(PodNetworkingChecks.pod("client", "node-1", "[\"pause\"]", false)).append("---\n");
    y.append(PodNetworkingChecks.pod("client-3", "node-3", "[\"pause\"]", false)).append("---\n");
    y.append(PodNetworkingChecks.pod("host-client-1", "node-1", "[\"pause\"]", true)).append("---\n");
    y.append(PodNetworkingChecks.pod("host-client-3", "node-3", "[\"pause\"]", true)).append("---\n");
    podnet.apply(y.toString());
    podnet.await("servers and clients Ready", READY, l -> readyCount(l) == 7, "pods");
    for (JsonNode n : podnet.get("nodes").path("items")) {
      nodeIps.put(n.path("metadata").path("name").asText(), n.path("status").path("addresses").get(0).path("address").asText());
    }
  }

  @AfterAll
  void down() {
    podnet.downAndForget();
  }

  static String server(String pod, String node, String moreLabels) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + pod + "\n  labels:\n    app: web\n    pod: " + pod + "\n" + moreLabels
        + "spec:\n  nodeName: " + node + "\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: c\n    image: " + AGNHOST
        + "\n    args: [\"netexec\", \"--http-port=8080\", \"--udp-port=8081\"]\n"
        + "    readinessProbe:\n      httpGet: {path: /healthz, port: 8080}\n      periodSeconds: 1\n";
  }

  static int readyCount(JsonNode pods) {
    int n = 0;
    for (JsonNode p : pods.path("items")) {
      for (JsonNode c : p.path("status").path("conditions")) {
        if (c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True")) {
          n++;
        }
      }
    }
    return n;
  }

  static int endpointCount(JsonNode slices, String svc) {
    return ServicesIT.endpoints(slices, svc).size();
  }

  private String clusterIp(String svc) {
    return podnet.get("svc", svc).path("spec").path("clusterIP").asText();
  }

  private String curl(String from, String url) {
    return podnet.run("exec", from, "--", "curl", "-s", "--max-time", "3", url).out();
  }

  private Podnet.Result connect(String from, String protocol, String target) {
    return podnet.run("exec", from, "--", "agnhost", "connect", "--timeout=2s", "--protocol=" + protocol, target);
  }

  /** Polls until {@code done}, printing how long it took; fails after {@code timeout}. */

  private Map<String, Integer> hostnames(String from, String ip, int n) {
    String script = "for i in $(seq " + n + "); do curl -s --max-time 3 http://" + ip + "/hostname; echo; done";
    Map<String, Integer> counts = new HashMap<>();
    podnet.run("exec", from, "--", "sh", "-c", script).out().lines().forEach(l -> counts.merge(l, 1, Integer::sum));
    return counts;
  }

  private static int max(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private static String service(String svc, String selector, String specExtra, String ports) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + svc + "\nspec:\n  selector:\n    " + selector + "\n" + specExtra
        + "  ports:\n" + ports;
  }

  private static final String HTTP_PORT = "  - {name: http, port: 80, targetPort: 8080}\n";

  @Test
  @Order(1)
  void oneServicePortServesTcpAndUdpUntilTheUdpPortIsRemoved() {
    podnet.apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: both\n  labels:\n    app: both\nspec:\n  nodeName: node-2\n"
        + "  terminationGracePeriodSeconds: 1\n  containers:\n  - name: c\n    image: " + AGNHOST
        + "\n    args: [\"netexec\", \"--http-port=80\", \"--udp-port=80\"]\n    readinessProbe:\n      httpGet: {path: /healthz, port: 80}\n"
        + "      periodSeconds: 1\n");
    String both = "  - {name: tcp, port: 80, protocol: TCP, targetPort: 80}\n  - {name: udp, port: 80, protocol: UDP, targetPort: 80}\n";
    podnet.apply(service("both", "app: both", "", both));
    podnet.await("both has its endpoint", READY, l -> endpointCount(l, "both") == 1, "endpointslices");
    String target = clusterIp("both") + ":80";
    Podnet.converge("tcp and udp on " + target, Duration.ofSeconds(30),
        () -> connect("client", "tcp", target).ok() && connect("client", "udp", target).ok());

    podnet.apply(service("both", "app: both", "", "  - {name: tcp, port: 80, protocol: TCP, targetPort: 80}\n"));
    Podnet.converge("udp " + target + " refused after the Service became TCP only", Duration.ofSeconds(30),
        () -> connect("client", "udp", target).err().strip().startsWith("REFUSED"));
    assertThat(connect("client", "tcp", target).ok()).as("tcp still answers").isTrue();
  }

  @Test
  @Order(2)
  void clientIpAffinityKeepsOneClientOnOneEndpointAndCanBeSwitchedOffAndOn() {
    String affinity = "  sessionAffinity: ClientIP\n";
    podnet.apply(service("sticky", "app: web", affinity, HTTP_PORT));
    podnet.await("sticky has 3 endpoints", READY, l -> endpointCount(l, "sticky") == 3, "endpointslices");
    String ip = clusterIp("sticky");
    Podnet.converge("16 requests, at least 15 from one endpoint", Duration.ofSeconds(30), () -> max(hostnames("client", ip, 16)) >= 15);

    podnet.apply(service("sticky", "app: web", "  sessionAffinity: None\n", HTTP_PORT));
    Podnet.converge("affinity off: requests spread over 2 or more endpoints", Duration.ofSeconds(30),
        () -> hostnames("client", ip, 16).size() >= 2);

    podnet.apply(service("sticky", "app: web", affinity, HTTP_PORT));
    Podnet.converge("affinity on again: sticky", Duration.ofSeconds(30), () -> max(hostnames("client", ip, 16)) >= 15);
    Map<String, Integer> last = hostnames("client", ip, 16);
    assertThat(max(last)).as("%s", last).isGreaterThanOrEqualTo(15);
  }

  /**
   * The clients are hostNetwork pods of other nodes: their packets cross the lab network to
   * the NodePort's node, so that node's proxy sees an outside source (a node's own traffic, and
   * a pod's, are sent to every endpoint and the former masqueraded, as kube-proxy does).
   */
  @Test
  @Order(3)
  void externalTrafficPolicyLocalAnswersOnlyOnTheEndpointsNodeAndKeepsTheClientSource() {
    podnet.apply(service("local-np", "pod: web-2", "  type: NodePort\n  externalTrafficPolicy: Local\n",
        "  - {name: http, port: 80, targetPort: 8080, nodePort: 30090}\n"));
    podnet.await("local-np has web-2", READY, l -> endpointCount(l, "local-np") == 1, "endpointslices");
    String node2 = nodeIps.get("node-2") + ":30090";
    Podnet.converge("node-2's NodePort answers from node-1", Duration.ofSeconds(30),
        () -> curl("host-client-1", "http://" + node2 + "/hostname").equals("web-2"));
    String seen = curl("host-client-1", "http://" + node2 + "/clientip");
    assertThat(seen).as("web-2 sees node-1's address, not node-2's").startsWith(nodeIps.get("node-1") + ":");
    assertThat(curl("host-client-3", "http://" + node2 + "/clientip")).startsWith(nodeIps.get("node-3") + ":");

    Podnet.Result toNode3 = connect("host-client-1", "tcp", nodeIps.get("node-3") + ":30090");
    assertThat(toNode3.err().strip()).as("node-3 has no local endpoint: dropped").startsWith("TIMEOUT");
    Podnet.Result toNode1 = connect("host-client-3", "tcp", nodeIps.get("node-1") + ":30090");
    assertThat(toNode1.err().strip()).as("node-1 has no local endpoint: dropped").startsWith("TIMEOUT");
  }

  @Test
  @Order(4)
  void internalTrafficPolicyLocalReachesOnlyTheNodesOwnEndpoint() {
    podnet.apply(service("itp", "half: \"yes\"", "  internalTrafficPolicy: Local\n", HTTP_PORT));
    podnet.await("itp has web-1 and web-2", READY, l -> endpointCount(l, "itp") == 2, "endpointslices");
    String ip = clusterIp("itp");
    Podnet.converge("client on node-1 reaches web-1", Duration.ofSeconds(30), () -> curl("client", "http://" + ip + "/hostname").equals("web-1"));
    assertThat(hostnames("client", ip, 16)).as("only the local endpoint").containsOnlyKeys("web-1");
    Podnet.Result r = connect("client-3", "tcp", ip + ":80");
    assertThat(r.err().strip()).as("node-3 has no endpoint of itp: dropped, not refused").startsWith("TIMEOUT");
  }

  @Test
  @Order(5)
  void aTerminatingEndpointKeepsServingWhenNoReadyEndpointIsLeft() {
    podnet.apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: term\n  labels:\n    app: term\nspec:\n  nodeName: node-3\n"
        + "  terminationGracePeriodSeconds: 60\n  containers:\n  - name: c\n    image: " + AGNHOST
        + "\n    args: [\"netexec\", \"--http-port=8080\", \"--udp-port=8081\", \"--delay-shutdown=30\"]\n"
        + "    readinessProbe:\n      httpGet: {path: /healthz, port: 8080}\n      periodSeconds: 1\n");
    podnet.apply(service("term", "app: term", "", HTTP_PORT));
    podnet.await("term has its endpoint", READY, l -> endpointCount(l, "term") == 1, "endpointslices");
    String ip = clusterIp("term");
    Podnet.converge("term answers", Duration.ofSeconds(30), () -> curl("client", "http://" + ip + "/hostname").equals("term"));

    podnet.ok("delete", "pod", "term", "--wait=false");
    podnet.await("term's endpoint is serving and terminating, not ready", READY, l -> terminatingServing(l, "term"), "endpointslices");
    String readyz = podnet.run("exec", "client", "--", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "3",
        "http://" + podnet.get("pod", "term").path("status").path("podIP").asText() + ":8080/readyz").out();
    assertThat(readyz).as("netexec says it is shutting down").isEqualTo("503");
    // one exec for all ten: on a loaded machine ten execs outlast the pod's 30 s --delay-shutdown
    assertThat(hostnames("client", ip, 10)).as("10 requests through the ClusterIP").containsOnlyKeys("term").containsEntry("term", 10);
    podnet.ok("delete", "pod", "term", "--grace-period=0");
  }

  static boolean terminatingServing(JsonNode slices, String svc) {
    for (JsonNode s : slices.path("items")) {
      if (s.path("metadata").path("labels").path("kubernetes.io/service-name").asText().equals(svc)) {
        for (JsonNode e : s.path("endpoints")) {
          JsonNode c = e.path("conditions");
          if (!c.path("ready").asBoolean(true) && c.path("serving").asBoolean(false) && c.path("terminating").asBoolean(false)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String udpServer(String pod, String node) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + pod + "\n  labels:\n    app: udp\nspec:\n  nodeName: " + node
        + "\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: c\n    image: " + AGNHOST
        + "\n    args: [\"netexec\", \"--http-port=8080\", \"--udp-port=8081\"]\n"
        + "    readinessProbe:\n      httpGet: {path: /healthz, port: 8080}\n      periodSeconds: 1\n";
  }

  /** Upstream conntrack.go: a client on a fixed source port keeps one conntrack entry alive for as long as it sends. */
  @Test
  @Order(6)
  void aUdpClientOnAFixedSourcePortReachesTheNewBackendAfterTheOldOneIsDeleted() {
    podnet.apply(udpServer("udp-1", "node-2"));
    podnet.apply(service("udp", "app: udp", "", "  - {name: udp, port: 90, protocol: UDP, targetPort: 8081}\n"));
    podnet.await("udp has udp-1", READY, l -> endpointCount(l, "udp") == 1, "endpointslices");
    String ip = clusterIp("udp");
    String loop = "while true; do r=$(echo hostname | socat -t1 -T1 - UDP:" + ip + ":90,sourceport=12345,reuseaddr 2>/dev/null);"
        + " echo \"$(date +%s) ${r:-none}\"; sleep 0.2; done";
    podnet.apply(loopPod("udp-client", "node-1", loop));
    Podnet.converge("the fixed-port client hears udp-1", Duration.ofSeconds(60), () -> lastAnswer("udp-client").equals("udp-1"));

    podnet.ok("delete", "pod", "udp-1");
    long t0 = System.nanoTime();
    podnet.apply(udpServer("udp-2", "node-3"));
    podnet.await("udp has only udp-2", READY, l -> endpointCount(l, "udp") == 1 && !sliceHas(l, "udp", "udp-1"), "endpointslices");
    long readyMs = (System.nanoTime() - t0) / 1_000_000;
    long ms = Podnet.converge("the fixed-port client hears udp-2", Duration.ofSeconds(60), () -> lastAnswer("udp-client").equals("udp-2"));
    System.out.printf("udp-2 Ready in the slice %d ms after udp-1's deletion; client switched %d ms after that%n", readyMs, ms);
    podnet.ok("delete", "pod", "udp-client", "--grace-period=0");
  }

  static boolean sliceHas(JsonNode slices, String svc, String pod) {
    for (JsonNode s : slices.path("items")) {
      if (s.path("metadata").path("labels").path("kubernetes.io/service-name").asText().equals(svc)) {
        for (JsonNode e : s.path("endpoints")) {
          if (e.path("targetRef").path("name").asText().equals(pod)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String loopPod(String pod, String node, String script) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + pod + "\nspec:\n  nodeName: " + node
        + "\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: c\n    image: debian:12\n    command: [\"sh\", \"-c\", "
        + quote(script) + "]\n";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private List<String> logLines(String pod) {
    Podnet.Result r = podnet.run("logs", pod);
    return r.ok() ? r.out().lines().toList() : List.of();
  }

  private String lastAnswer(String pod) {
    List<String> lines = logLines(pod);
    if (lines.isEmpty()) {
      return "";
    }
    String[] f = lines.get(lines.size() - 1).split(" ", 2);
    return f.length < 2 ? "" : f[1];
  }

  private static String deployment(String version) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: roll\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: roll\n"
        + "  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n"
        + "  template:\n    metadata:\n      labels:\n        app: roll\n    spec:\n      terminationGracePeriodSeconds: 15\n"
        + "      containers:\n      - name: c\n        image: " + AGNHOST + "\n"
        + "        args: [\"netexec\", \"--http-port=8080\", \"--udp-port=8081\", \"--delay-shutdown=5\"]\n"
        + "        env:\n        - {name: VERSION, value: \"" + version + "\"}\n"
        + "        readinessProbe:\n          httpGet: {path: /readyz, port: 8080}\n          periodSeconds: 1\n";
  }

  /** Upstream's "should not drop any request during a rolling update" shape: readiness, delay-shutdown, a grace period above it. */
  @Test
  @Order(7)
  void aRollingUpdateBehindAServiceLosesNoRequest() {
    podnet.apply(deployment("1"));
    podnet.apply(service("roll", "app: roll", "", HTTP_PORT));
    podnet.await("roll has 3 endpoints", READY, l -> endpointCount(l, "roll") == 3, "endpointslices");
    String ip = clusterIp("roll");
    String loop = "while true; do if r=$(curl -s -f --max-time 2 http://" + ip + "/hostname); then echo \"$(date +%s.%N) $r\";"
        + " else echo \"$(date +%s.%N) FAIL $?\"; fi; sleep 0.05; done";
    podnet.apply(loopPod("roll-client", "node-1", loop));
    Podnet.converge("the request loop is answered", Duration.ofSeconds(60), () -> lastAnswer("roll-client").startsWith("roll-"));

    long t0 = System.nanoTime();
    podnet.apply(deployment("2"));
    podnet.await("every roll pod replaced and Ready", Duration.ofSeconds(180),
        l -> l.path("items").size() == 3 && readyCount(l) == 3 && ClusterIT.hashes(l).size() == 1
            && allVersion(l, "2"), "pods", "-l", "app=roll");
    System.out.printf("rollout of 3 pods took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    Podnet.sleep(2000);
    List<String> lines = logLines("roll-client");
    List<String> failures = lines.stream().filter(l -> l.contains("FAIL")).toList();
    System.out.printf("rolling update: %d requests, %d failed%n", lines.size(), failures.size());
    assertThat(failures).as("requests lost during the rollout (of %d)", lines.size()).isEmpty();
    podnet.ok("delete", "pod", "roll-client", "--grace-period=0");
  }

  private static boolean allVersion(JsonNode pods, String version) {
    for (JsonNode p : pods.path("items")) {
      boolean found = false;
      for (JsonNode e : p.path("spec").path("containers").get(0).path("env")) {
        found |= e.path("name").asText().equals("VERSION") && e.path("value").asText().equals(version);
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }
}

package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.Ip;
import dev.podnet.kernel.KernelTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * LoadBalancer Services from outside the cluster, ported from upstream's
 * test/e2e/network/loadbalancer.go with MetalLB's pools: every request comes from the lab's
 * outside client (podnet exec --outside), a machine on the node LAN with no route into the
 * cluster. Convergence times are printed; upstream's bounds are only ceilings.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancerIT {
  private static final Duration READY = Duration.ofSeconds(120);
  private static final Duration CONVERGE = Duration.ofSeconds(30);
  private static final String AGNHOST = PodNetworkingChecks.AGNHOST;
  private static final String OUTSIDE_IP = "172.18.0.254";
  private final Podnet podnet = Podnet.forRun("lb");
  private final Map<String, String> nodeIps = new HashMap<>();

  @BeforeAll
  void up() {
    podnet.up("--nodes", "3");
    podnet.apply(deployment("web", 2) + "---\n" + PodNetworkingChecks.pod("client", "node-1", "[\"pause\"]", false));
    podnet.await("web and client Ready", READY, l -> ServicesMoreIT.readyCount(l) == 3, "pods");
    for (JsonNode n : podnet.get("nodes").path("items")) {
      nodeIps.put(n.path("metadata").path("name").asText(), n.path("status").path("addresses").get(0).path("address").asText());
    }
  }

  @AfterAll
  void down() {
    podnet.downAndForget();
  }

  static String deployment(String app, int replicas) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + app + "\nspec:\n  replicas: " + replicas
        + "\n  selector:\n    matchLabels: {app: " + app + "}\n  template:\n    metadata:\n      labels: {app: " + app + "}\n    spec:\n"
        + "      terminationGracePeriodSeconds: 1\n      containers:\n      - name: c\n        image: " + AGNHOST
        + "\n        args: [\"netexec\", \"--http-port=8080\", \"--udp-port=8081\"]\n"
        + "        readinessProbe:\n          httpGet: {path: /healthz, port: 8080}\n          periodSeconds: 1\n";
  }

  private static String service(String name, String app, String spec) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  selector: {app: " + app + "}\n" + spec;
  }

  private String outside(String... command) {
    return podnet.run(Podnet.concat("exec", new String[] {"--outside", "--"}, command)).out().strip();
  }

  private String fromOutside(String url) {
    return outside("curl", "-s", "--max-time", "2", url);
  }

  private String ingress(String svc) {
    return podnet.get("svc", svc).path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText("");
  }


  @Test
  @Order(1)
  void upCreatesMetalLbsDefaultPoolAndAdvertisement() {
    JsonNode pool = podnet.get("ipaddresspools", "-n", "metallb-system", "default");
    assertThat(pool.path("spec").path("addresses").get(0).asText()).isEqualTo("172.18.255.200-172.18.255.250");
    assertThat(podnet.get("l2advertisements", "-n", "metallb-system", "default").path("spec").path("ipAddressPools").get(0).asText())
        .isEqualTo("default");
    assertThat(podnet.kubectl("get", "ipaddresspools", "-n", "metallb-system").out()).contains("AUTO ASSIGN").contains("default");
    assertThat(podnet.kubectl("get", "l2advertisements", "-n", "metallb-system").out()).contains("IPADDRESSPOOLS").contains("[\"default\"]");
  }

  /** loadbalancer.go "should be able to change the type and ports of a TCP service". */
  @Test
  @Order(2)
  void aServiceChangesTypeAndPortsAndTheIngressIpFollows() {
    podnet.apply(service("mutable", "web", "  ports: [{port: 80, targetPort: 8080}]\n"));
    podnet.apply(service("mutable", "web", "  type: NodePort\n  ports: [{port: 80, targetPort: 8080}]\n"));
    int nodePort = podnet.get("svc", "mutable").path("spec").path("ports").get(0).path("nodePort").asInt();
    Podnet.converge("NodePort answers outside", CONVERGE, () -> fromOutside("http://" + nodeIps.get("node-1") + ":" + nodePort + "/hostname")
        .startsWith("web-"));

    podnet.apply(service("mutable", "web", "  type: LoadBalancer\n  ports: [{port: 80, targetPort: 8080, nodePort: " + nodePort + "}]\n"));
    Podnet.converge("an ingress IP is allocated", CONVERGE, () -> !ingress("mutable").isEmpty());
    String ip = ingress("mutable");
    assertThat(ip).startsWith("172.18.255.");
    Podnet.converge("the ingress IP answers outside", CONVERGE, () -> fromOutside("http://" + ip + "/hostname").startsWith("web-"));
    assertThat(podnet.get("svc", "mutable").path("spec").path("ports").get(0).path("nodePort").asInt()).as("nodePort kept").isEqualTo(nodePort);
    assertThat(podnet.ok("get", "svc", "mutable").out()).contains(ip);

    int otherNodePort = nodePort == 32100 ? 32101 : 32100;
    podnet.apply(service("mutable", "web", "  type: LoadBalancer\n  ports: [{port: 81, targetPort: 8080, nodePort: " + otherNodePort + "}]\n"));
    Podnet.converge("new port 81 answers on the same IP", CONVERGE, () -> fromOutside("http://" + ip + ":81/hostname").startsWith("web-"));
    assertThat(ingress("mutable")).as("IP kept").isEqualTo(ip);
    // the old port is no port of the Service any more: refused at once (curl exit 7), not routed back onto the LAN (a timeout, 28)
    assertThat(outside("sh", "-c", "curl -s --max-time 2 http://" + ip + "/hostname; echo exit=$?")).endsWith("exit=7");
    assertThat(fromOutside("http://" + nodeIps.get("node-2") + ":" + otherNodePort + "/hostname")).startsWith("web-");

    podnet.apply(deployment("web", 0));
    Podnet.converge("scaled to 0: the IP refuses", CONVERGE, () -> fromOutside("http://" + ip + ":81/hostname").isEmpty());
    podnet.apply(deployment("web", 2));
    Podnet.converge("scaled back: the IP answers", READY, () -> fromOutside("http://" + ip + ":81/hostname").startsWith("web-"));

    podnet.apply(service("mutable", "web", "  type: ClusterIP\n  ports: [{port: 81, targetPort: 8080}]\n"));
    Podnet.converge("ClusterIP again: ingress emptied", CONVERGE, () -> ingress("mutable").isEmpty());
    Podnet.converge("the old IP stops answering", CONVERGE, () -> fromOutside("http://" + ip + ":81/hostname").isEmpty());
  }

  /** MetalLB's layer 2: one node, and only one, answers ARP for an IP. */
  @Test
  @Order(3)
  void exactlyOneNodeAnswersArpForTheIp() {
    podnet.apply(service("arp", "web", "  type: LoadBalancer\n  ports: [{port: 80, targetPort: 8080}]\n"));
    Podnet.converge("arp has an IP", CONVERGE, () -> !ingress("arp").isEmpty());
    String ip = ingress("arp");
    Podnet.converge("the IP answers", CONVERGE, () -> fromOutside("http://" + ip + "/hostname").startsWith("web-"));
    assertThat(LoadBalancerFailoverIT.arpingMacs(podnet, ip)).hasSize(1);
    for (String node : nodeIps.keySet()) {
      // the agent answers ARP itself: the IP is no address of any node's kernel (the earlier design put it on lo)
      assertThat(Exec.run(List.of("ip", "-n", "pn-" + podnet.cluster + "-" + node, "-o", "addr", "show"), null).stdout()).as(node)
          .doesNotContain(ip + "/");
    }
    String describe = podnet.ok("describe", "svc", "arp").out();
    assertThat(describe).contains("LoadBalancer Ingress:").containsPattern("announcing from node \"node-\\d\" with protocol \"layer2\"");
  }

  /**
   * MetalLB's layer 2 for IPv6: an IPv6 pool's address is answered by NDP from exactly one node,
   * the elected one (ndisc6 -m waits for every answer), and when that node's agent stops, the
   * next one's unsolicited Neighbor Advertisement moves the outside client's neighbor entry. The
   * lab's LAN is IPv4 (its proxies too), so the outside client turns IPv6 on for its link for this
   * check only; nothing is sent to the address, only asked for it.
   */
  @Test
  @Order(4)
  void exactlyOneNodeAnswersNdpForAnIpv6IpAndATakeoverMovesTheOutsideClient() {
    String ip = "fd00:18::ff10";
    podnet.apply("apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: v6, namespace: metallb-system}\n"
        + "spec:\n  addresses: [\"fd00:18::ff00/120\"]\n---\napiVersion: metallb.io/v1beta1\nkind: L2Advertisement\n"
        + "metadata: {name: v6, namespace: metallb-system}\nspec:\n  ipAddressPools: [v6]\n---\n"
        + "apiVersion: v1\nkind: Service\nmetadata:\n  name: ndp\n  annotations: {metallb.io/loadBalancerIPs: \"" + ip + "\"}\n"
        + "spec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n");
    try {
      podnet.ok("exec", "--outside", "--", "sysctl", "-qw", "net.ipv6.conf.eth0.accept_dad=0", "net.ipv6.conf.eth0.disable_ipv6=0");
      Podnet.converge("ndp has its IPv6 IP", CONVERGE, () -> !ingress("ndp").isEmpty() && Ip.parse(ingress("ndp")).equals(Ip.parse(ip)));
      Podnet.converge("one node announces it", CONVERGE, () -> podnet.ok("describe", "svc", "ndp").out().contains("announcing from node"));
      Matcher owner = Pattern.compile("announcing from node \"(node-\\d)\"").matcher(podnet.ok("describe", "svc", "ndp").out());
      assertThat(owner.find()).isTrue();
      String mac = LoadBalancerFailoverIT.mac(podnet, owner.group(1));
      Podnet.converge("the elected node answers NDP", CONVERGE, () -> ndisc6Macs(ip).contains(mac));
      assertThat(ndisc6Macs(ip)).as("every advertisement for " + ip).containsExactly(mac);
      // takeover: the owner's agent stops; the next node's unsolicited advertisement moves the outside's entry
      podnet.ok("exec", "--outside", "--", "ip", "-6", "neigh", "replace", ip, "lladdr", mac, "dev", "eth0", "nud", "stale");
      String agent = readPid(owner.group(1));
      Exec.run(List.of("kill", "-STOP", agent), null);
      try {
        Podnet.converge("the outside's entry for " + ip + " moves off " + owner.group(1), CONVERGE,
            () -> {
              String entry = outside("ip", "-6", "neigh", "show", ip, "dev", "eth0");
              return entry.contains("lladdr ") && !entry.contains(mac);
            });
      } finally {
        Exec.run(List.of("kill", "-CONT", agent), null);
      }
    } finally {
      outside("sysctl", "-qw", "net.ipv6.conf.eth0.disable_ipv6=1");
      podnet.run("delete", "svc", "ndp");
      podnet.run("delete", "l2advertisements", "-n", "metallb-system", "v6");
      podnet.run("delete", "ipaddresspools", "-n", "metallb-system", "v6");
    }
  }

  private String readPid(String node) {
    try {
      return Files.readString(podnet.stateBase.resolve(podnet.cluster).resolve("nodes").resolve(node).resolve("agent.pid")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The MACs of every Neighbor Advertisement for {@code ip} the outside client gets within a second. */
  private Set<String> ndisc6Macs(String ip) {
    Matcher m = Pattern.compile("Target link-layer address: ([0-9A-Fa-f:]{17})").matcher(outside("ndisc6", "-m", "-r", "1", "-w", "1000", ip, "eth0"));
    Set<String> macs = new TreeSet<>();
    while (m.find()) {
      macs.add(m.group(1).toLowerCase(Locale.ROOT));
    }
    return macs;
  }

  /** loadbalancer.go "should only allow access from service loadbalancer source ranges". */
  @Test
  @Order(5)
  void sourceRangesLetOnlyTheAllowedClientThrough() {
    podnet.apply(service("ranged", "web", "  type: LoadBalancer\n  loadBalancerSourceRanges: [\"" + OUTSIDE_IP + "/32\"]\n"
        + "  ports: [{port: 80, targetPort: 8080}]\n"));
    Podnet.converge("ranged has an IP", CONVERGE, () -> !ingress("ranged").isEmpty());
    String ip = ingress("ranged");
    Podnet.converge("the allowed outside client gets through", CONVERGE, () -> fromOutside("http://" + ip + "/hostname").startsWith("web-"));
    podnet.apply(service("ranged", "web", "  type: LoadBalancer\n  loadBalancerSourceRanges: [\"192.168.77.0/24\"]\n"
        + "  ports: [{port: 80, targetPort: 8080}]\n"));
    Podnet.converge("a client outside the ranges is dropped", CONVERGE, () -> fromOutside("http://" + ip + "/hostname").isEmpty());
    // podnet apply overlays the manifest on the object, so removing a field takes a patch
    Podnet.Result removed = podnet.kubectl("patch", "svc", "ranged", "--type=json", "-p",
        "[{\"op\":\"remove\",\"path\":\"/spec/loadBalancerSourceRanges\"}]");
    assertThat(removed.ok()).as(removed.err()).isTrue();
    Podnet.converge("without ranges everyone gets through", CONVERGE, () -> fromOutside("http://" + ip + "/hostname").startsWith("web-"));
  }

  /** loadbalancer.go ESIPP: the source is kept, the health check answers only where endpoints are, pods see their own IP. */
  @Test
  @Order(6)
  void externalTrafficPolicyLocalKeepsTheOutsideClientsAddress() {
    podnet.apply(service("local", "web", "  type: LoadBalancer\n  externalTrafficPolicy: Local\n  ports: [{port: 80, targetPort: 8080}]\n"));
    Podnet.converge("local has an IP", CONVERGE, () -> !ingress("local").isEmpty());
    String ip = ingress("local");
    Podnet.converge("the IP answers", CONVERGE, () -> fromOutside("http://" + ip + "/hostname").startsWith("web-"));
    assertThat(fromOutside("http://" + ip + "/clientip")).as("the outside client's own address").startsWith(OUTSIDE_IP + ":");

    int hc = podnet.get("svc", "local").path("spec").path("healthCheckNodePort").asInt();
    Set<String> withEndpoints = new TreeSet<>();
    for (JsonNode p : podnet.get("pods", "-l", "app=web").path("items")) {
      withEndpoints.add(p.path("spec").path("nodeName").asText());
    }
    for (Map.Entry<String, String> n : nodeIps.entrySet()) {
      String code = outside("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2", "http://" + n.getValue() + ":" + hc + "/");
      assertThat(code).as("health check on %s", n.getKey()).isEqualTo(withEndpoints.contains(n.getKey()) ? "200" : "503");
    }
    String podIp = podnet.get("pod", "client").path("status").path("podIP").asText();
    String seen = podnet.run("exec", "client", "--", "curl", "-s", "--max-time", "3", "http://" + ip + "/clientip").out();
    assertThat(seen).as("a pod reaching the LB IP is short-circuited, not SNATed").startsWith(podIp + ":");
  }

  /** loadbalancer.go "should have session affinity work for LoadBalancer service", eTP Cluster and Local. */
  @Test
  @Order(7)
  void sessionAffinityHoldsFromOutside() {
    for (String policy : List.of("Cluster", "Local")) {
      String name = "sticky-" + policy.toLowerCase();
      podnet.apply(service(name, "web", "  type: LoadBalancer\n  externalTrafficPolicy: " + policy + "\n  sessionAffinity: ClientIP\n"
          + "  ports: [{port: 80, targetPort: 8080}]\n"));
      Podnet.converge(name + " has an IP", CONVERGE, () -> !ingress(name).isEmpty());
      String ip = ingress(name);
      Podnet.converge(name + " answers", CONVERGE, () -> fromOutside("http://" + ip + "/hostname").startsWith("web-"));
      String script = "for i in $(seq 12); do curl -s --max-time 2 http://" + ip + "/hostname; echo; done";
      Set<String> seen = new TreeSet<>(outside("sh", "-c", script).lines().filter(l -> !l.isBlank()).toList());
      assertThat(seen).as("eTP=%s: one backend for one client", policy).hasSize(1);
    }
  }

  /** MetalLB's documented failures: an exhausted pool and an IP in no pool leave the Service pending with an Event. */
  @Test
  @Order(8)
  void impossibleRequestsStayPendingWithAClearEvent() {
    podnet.apply("apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: tiny, namespace: metallb-system}\n"
        + "spec:\n  addresses: [10.250.9.1/32]\n  autoAssign: false\n");
    String pinned = "  type: LoadBalancer\n  ports: [{port: 80, targetPort: 8080}]\n";
    podnet.apply("apiVersion: v1\nkind: Service\nmetadata:\n  name: tiny-a\n  annotations: {metallb.io/address-pool: tiny}\nspec:\n"
        + "  selector: {app: web}\n" + pinned);
    Podnet.converge("tiny-a gets the pool's only IP", CONVERGE, () -> ingress("tiny-a").equals("10.250.9.1"));
    Podnet.converge("tiny's status counts it assigned, none available", CONVERGE, () -> {
      JsonNode st = podnet.get("ipaddresspools", "-n", "metallb-system", "tiny").path("status");
      return st.path("assignedIPv4").asInt() == 1 && st.path("availableIPv4").asInt(-1) == 0;
    });
    assertThat(podnet.ok("get", "ipaddresspools", "-n", "metallb-system", "tiny", "-o", "wide").out()).containsPattern("tiny\\s.*\\s1\\s+0\\s*$");
    podnet.apply("apiVersion: v1\nkind: Service\nmetadata:\n  name: tiny-b\n  annotations: {metallb.io/address-pool: tiny}\nspec:\n"
        + "  selector: {app: web}\n" + pinned);
    podnet.apply("apiVersion: v1\nkind: Service\nmetadata:\n  name: far\n  annotations: {metallb.io/loadBalancerIPs: 10.9.9.9}\nspec:\n"
        + "  selector: {app: web}\n" + pinned);
    Podnet.converge("tiny-b's Event", CONVERGE, () -> podnet.ok("describe", "svc", "tiny-b").out().contains("AllocationFailed"));
    assertThat(podnet.ok("describe", "svc", "tiny-b").out()).contains("no available IPs: pool \"tiny\" exhausted");
    Podnet.converge("far's Event", CONVERGE, () -> podnet.ok("describe", "svc", "far").out().contains("is in no IPAddressPool"));
    assertThat(ingress("tiny-b")).isEmpty();
    assertThat(ingress("far")).isEmpty();
    assertThat(podnet.ok("get", "svc", "far").out()).contains("<pending>");

    Podnet.Result overlap = podnet.runWithInput("apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: clash, namespace: "
        + "metallb-system}\nspec:\n  addresses: [172.18.255.240/28]\n", "apply", "-f", "-");
    assertThat(overlap.ok()).isFalse();
    assertThat(overlap.err() + overlap.out()).contains("overlaps with already defined \"172.18.255.200-172.18.255.250\" in pool \"default\"");

    podnet.ok("delete", "ipaddresspool", "tiny", "-n", "metallb-system");
    podnet.ok("delete", "svc", "tiny-a");
    Podnet.converge("a deleted pool's address stays with its Service until it goes; tiny-b stays pending", CONVERGE,
        () -> ingress("tiny-b").isEmpty() && podnet.run("get", "svc", "tiny-a").exit() != 0);
  }

  /** loadbalancer.go "should be able to preserve UDP traffic when server pod cycles for a LoadBalancer service". */
  @Test
  @Order(9)
  void udpFromAFixedSourcePortMovesToTheNewPodWhenTheOldOneIsReplaced() {
    String udpPod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\n  labels: {app: udp}\nspec:\n  nodeName: node-2\n"
        + "  terminationGracePeriodSeconds: 1\n  containers:\n  - name: c\n    image: " + AGNHOST
        + "\n    args: [\"netexec\", \"--http-port=8080\", \"--udp-port=8081\"]\n"
        + "    readinessProbe:\n      httpGet: {path: /healthz, port: 8080}\n      periodSeconds: 1\n";
    podnet.apply(udpPod.formatted("udp-1"));
    podnet.apply(service("udp", "udp", "  type: LoadBalancer\n  ports: [{port: 8081, targetPort: 8081, protocol: UDP}]\n"));
    Podnet.converge("udp has an IP", CONVERGE, () -> !ingress("udp").isEmpty());
    String ip = ingress("udp");
    // the same client port every time: without conntrack cleanup the flow would stick to the dead pod
    String send = "echo hostname | socat -T1 - UDP:" + ip + ":8081,sourceport=40404,reuseaddr";
    Podnet.converge("udp-1 answers from port 40404", READY, () -> outside("sh", "-c", send).equals("udp-1"));
    podnet.ok("delete", "pod", "udp-1");
    podnet.apply(udpPod.formatted("udp-2"));
    Podnet.converge("the same client port reaches udp-2", READY, () -> outside("sh", "-c", send).equals("udp-2"));
  }

  /** A rolling update under an outside request loop: upstream asks for at least 99% success. */
  @Test
  @Order(10)
  void aRollingUpdateUnderAnOutsideRequestLoopLosesAlmostNothing() throws Exception {
    String rolling = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: roll\nspec:\n  replicas: 3\n"
        + "  strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}\n"
        + "  selector:\n    matchLabels: {app: roll}\n  template:\n    metadata:\n      labels: {app: roll}\n"
        + "      annotations: {version: \"%s\"}\n    spec:\n      terminationGracePeriodSeconds: 10\n      containers:\n      - name: c\n"
        + "        image: " + AGNHOST + "\n        args: [\"netexec\", \"--http-port=8080\", \"--udp-port=8081\", \"--delay-shutdown=5\"]\n"
        + "        readinessProbe:\n          httpGet: {path: /readyz, port: 8080}\n          periodSeconds: 1\n";
    podnet.apply(rolling.formatted("1"));
    podnet.apply(service("roll", "roll", "  type: LoadBalancer\n  ports: [{port: 80, targetPort: 8080}]\n"));
    podnet.await("roll has 3 ready endpoints", READY, l -> ServicesMoreIT.endpointCount(l, "roll") == 3, "endpointslices");
    Podnet.converge("roll has an IP", CONVERGE, () -> !ingress("roll").isEmpty());
    String ip = ingress("roll");
    Podnet.converge("roll answers", CONVERGE, () -> fromOutside("http://" + ip + "/hostname").startsWith("roll-"));
    String loop = "ok=0; n=0; end=$(($(date +%s)+40)); while [ $(date +%s) -lt $end ]; do n=$((n+1)); "
        + "curl -s --max-time 1 -o /dev/null -w '%{http_code}' http://" + ip + "/hostname | grep -q 200 && ok=$((ok+1)); sleep 0.05; done; "
        + "echo $ok $n";
    CompletableFuture<String> counts = CompletableFuture.supplyAsync(() -> outside("sh", "-c", loop));
    Podnet.sleep(3000);
    podnet.apply(rolling.formatted("2"));
    String[] okAndAll = counts.get(90, TimeUnit.SECONDS).split(" ");
    int ok = Integer.parseInt(okAndAll[0]);
    int all = Integer.parseInt(okAndAll[1]);
    System.out.printf("rolling update: %d of %d outside requests succeeded (%.2f%%)%n", ok, all, 100.0 * ok / all);
    assertThat(100.0 * ok / all).as("%d of %d", ok, all).isGreaterThanOrEqualTo(99.0);
  }

  /** down removes every namespace of the cluster, the outside client's with them. */
  @Test
  @Order(11)
  void downLeavesNothingBehind() {
    String prefix = "pn-" + podnet.cluster + "-";
    assertThat(Exec.run(List.of("ip", "netns", "list"), null).stdout()).contains(prefix + "outside");
    podnet.ok("down");
    assertThat(Exec.run(List.of("ip", "netns", "list"), null).stdout().lines().filter(l -> l.startsWith(prefix)).toList()).isEmpty();
  }
}

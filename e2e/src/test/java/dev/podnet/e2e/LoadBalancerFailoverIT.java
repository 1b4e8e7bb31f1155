package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * MetalLB's layer 2 when the announcing node fails, from the lab's outside client: its agent
 * killed (held down, or restarted by its supervisor) and its LAN cable pulled. Each failure is
 * under an outside request loop; the gaps are printed, the bounds asserted are generous
 * ceilings (the issue's goal is 2 s, bench/run lb measures it).
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancerFailoverIT {
  private static final Duration READY = Duration.ofSeconds(120);
  private static final Duration CONVERGE = Duration.ofSeconds(30);
  private final Podnet podnet = Podnet.forRun("lbf");
  private final Map<String, String> nodeIps = new HashMap<>();

  @BeforeAll
  void up() {
    podnet.up("--nodes", "3", "--no-ingress");
    for (JsonNode n : podnet.get("nodes").path("items")) {
      nodeIps.put(n.path("metadata").path("name").asText(), n.path("status").path("addresses").get(0).path("address").asText());
    }
  }

  @AfterAll
  void down() {
    podnet.downAndForget();
  }

  private static String outside(Podnet podnet, String... command) {
    return podnet.run(Podnet.concat("exec", new String[] {"--outside", "--"}, command)).out().strip();
  }

  private String outside(String... command) {
    return outside(podnet, command);
  }

  private String fromOutside(String url) {
    return outside("curl", "-s", "--max-time", "2", url);
  }


  /** The MACs that answer {@code arping -c 4} from outside: one per node that claims {@code ip}. */
  static Set<String> arpingMacs(Podnet podnet, String ip) {
    String arping = outside(podnet, "arping", "-c", "4", "-I", "eth0", ip);
    Set<String> macs = new TreeSet<>();
    Matcher m = Pattern.compile("\\[([0-9A-Fa-f:]{17})\\]").matcher(arping);
    while (m.find()) {
      macs.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
    }
    return macs;
  }

  /**
   * Backends on node-1 and node-2 and a Service whose IP MetalLB's election gives to node-3: the
   * failover tests measure the announcement moving, not a backend dying with its node.
   */
  private String failoverService() throws Exception {
    StringBuilder y = new StringBuilder();
    for (String node : List.of("node-1", "node-2")) {
      y.append(PodNetworkingChecks.pod("fo-" + node, node, "[\"netexec\", \"--http-port=8080\"]", false)
          .replace("metadata:\n  name: fo-" + node + "\n", "metadata:\n  name: fo-" + node + "\n  labels: {app: fo}\n")).append("---\n");
    }
    podnet.apply(y.toString());
    podnet.await("fo pods Ready", READY, l -> ServicesMoreIT.readyCount(l) >= 2, "pods", "-l", "app=fo");
    String ip = ipElecting("node-3");
    podnet.apply("apiVersion: v1\nkind: Service\nmetadata:\n  name: failover\n  annotations: {metallb.io/loadBalancerIPs: " + ip + "}\n"
        + "spec:\n  type: LoadBalancer\n  selector: {app: fo}\n  ports: [{port: 80, targetPort: 8080}]\n");
    Podnet.converge("failover answers at " + ip, CONVERGE, () -> fromOutside("http://" + ip + "/hostname").startsWith("fo-"));
    Podnet.converge("only node-3 answers ARP for " + ip, READY, () -> arpingMacs(podnet, ip).equals(Set.of(mac("node-3"))));
    return ip;
  }

  private String mac(String node) {
    return mac(podnet, node);
  }

  /** The MAC of {@code node}'s LAN link, the one its agent answers ARP and NDP with. */
  static String mac(Podnet podnet, String node) {
    String link = Exec.run(List.of("ip", "-n", "pn-" + podnet.cluster + "-" + node, "-o", "link", "show", "eth0"), null).stdout();
    Matcher m = Pattern.compile("link/ether ([0-9a-f:]{17})").matcher(link);
    assertThat(m.find()).as("%s's eth0: %s", node, link).isTrue();
    return m.group(1);
  }

  private Path nodeDir(String node) {
    return podnet.stateBase.resolve(podnet.cluster).resolve("nodes").resolve(node);
  }

  private long agentPid(String node) {
    try {
      return Long.parseLong(Files.readString(nodeDir(node).resolve("agent.pid")).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One outside request: when it started (epoch ms) and which node it came in through ("" when it failed). */
  record Sample(long at, String via) {
    boolean ok() {
      return !via.isEmpty();
    }
  }

  /**
   * GET /clientip from outside every 10 ms for {@code seconds}. eTP=Cluster masquerades at the
   * node the request came in through, so the address the backend saw names that node: its
   * InternalIP, or an address of its pod CIDR (its bridge or VXLAN device).
   */
  private CompletableFuture<List<Sample>> outsideLoop(String ip, int seconds) {
    Map<String, String> podCidrPrefix = new HashMap<>();
    for (JsonNode n : podnet.get("nodes").path("items")) {
      String cidr = n.path("spec").path("podCIDR").asText();
      podCidrPrefix.put(cidr.substring(0, cidr.lastIndexOf('.') + 1), n.path("metadata").path("name").asText());
    }
    String script = "end=$(( $(date +%s%3N) + " + seconds * 1000 + " )); while [ $(date +%s%3N) -lt $end ]; do "
        + "echo \"$(date +%s%3N) $(curl -s --max-time 0.5 http://" + ip + "/clientip)\"; sleep 0.01; done";
    return CompletableFuture.supplyAsync(() -> outside("sh", "-c", script).lines().map(l -> {
      String[] f = l.split(" ", 2);
      String seen = f.length > 1 && f[1].contains(":") ? f[1].substring(0, f[1].indexOf(':')) : "";
      String via = nodeIps.entrySet().stream().filter(e -> e.getValue().equals(seen)).map(Map.Entry::getKey).findFirst()
          .orElse(podCidrPrefix.entrySet().stream().filter(e -> !seen.isEmpty() && seen.startsWith(e.getKey())).map(Map.Entry::getValue)
              .findFirst().orElse(seen.isEmpty() ? "" : "unknown " + seen));
      return new Sample(Long.parseLong(f[0]), via);
    }).toList());
  }

  private static long failedAfter(List<Sample> samples, long at) {
    return samples.stream().filter(s -> s.at() >= at && !s.ok()).count();
  }

  /**
   * The issue's "kill the announcing node's processes": node-3's agent gets SIGKILL under an
   * outside request loop and its supervisor is held from restarting it. The kernel closes the
   * agent's ARP socket, so node-3 stops answering ARP at once (its rules keep forwarding for
   * clients that still point at it); its peers miss its liveness probes, one takes the IP over
   * and its gratuitous ARP moves the outside client. Exactly one MAC answers before and after.
   */
  @Test
  @Order(1)
  void whenTheAnnouncingNodesAgentIsKilledAnotherNodeTakesOverAndOnlyItAnswersArp() throws Exception {
    String ip = failoverService();
    Path hold = nodeDir("node-3").resolve("hold");
    Files.writeString(hold, "LoadBalancerIT\n");
    try {
      CompletableFuture<List<Sample>> loop = outsideLoop(ip, 15);
      Podnet.sleep(3000);
      long pid = agentPid("node-3");
      long killedAt = System.currentTimeMillis();
      assertThat(Exec.run(List.of("kill", "-9", Long.toString(pid)), null).ok()).isTrue();
      List<Sample> samples = loop.get(90, TimeUnit.SECONDS);
      assertThat(samples.stream().filter(s -> s.at() < killedAt && s.ok()).map(Sample::via)).as("before the kill").isNotEmpty()
          .containsOnly("node-3");
      Sample moved = samples.stream().filter(s -> s.at() >= killedAt && s.ok() && !s.via().equals("node-3")).findFirst()
          .orElseThrow(() -> new AssertionError("no request came in through another node after node-3's agent was killed: " + samples));
      long gap = moved.at() - killedAt;
      System.out.printf("agent kill -9 on node-3: requests through %s from %d ms after the kill; %d of %d requests after the kill failed%n",
          moved.via(), gap, failedAfter(samples, killedAt), samples.stream().filter(s -> s.at() >= killedAt).count());
      assertThat(gap).as("takeover within a generous bound (goal 2 s; a loaded CI machine)").isLessThan(5000);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("the killed agent stays down while held").isNotEqualTo(Optional.of(true));
      assertThat(agentPid("node-3")).as("not restarted while held").isEqualTo(pid);
      assertThat(arpingMacs(podnet, ip)).as("only the new announcer answers, node-3 is silent").containsExactly(mac(moved.via()));
      assertThat(podnet.ok("describe", "svc", "failover").out()).contains("announcing from node \"" + moved.via() + "\"");
    } finally {
      Files.deleteIfExists(hold);
    }
    Podnet.converge("node-3's agent is back, answers alone again", READY, () -> arpingMacs(podnet, ip).equals(Set.of(mac("node-3"))));
  }

  /**
   * The agent killed and restarted by its supervisor: the node's kernel keeps forwarding, the
   * peer that takes over and the restarted agent that takes the IP back forward too, so requests
   * are not lost to the restart. The client's neighbor entry moves twice (to the peer, and back),
   * and a connection in flight at that instant may be reset (its next packets reach a node with
   * no conntrack entry for it; MetalLB's layer 2 has the same edge): a failed request is allowed
   * only there, between successes through two different nodes. One node answers ARP at the end.
   */
  @Test
  @Order(2)
  void anAgentKilledAndRestartedBySupervisorLosesNoRequestButOneInFlightAtAMove() throws Exception {
    String ip = failoverService();
    long pid = agentPid("node-3");
    CompletableFuture<List<Sample>> loop = outsideLoop(ip, 45);
    Podnet.sleep(2000);
    long killedAt = System.currentTimeMillis();
    assertThat(Exec.run(List.of("kill", "-9", Long.toString(pid)), null).ok()).isTrue();
    Podnet.converge("a new agent on node-3", READY, () -> agentPid("node-3") != pid);
    List<Sample> after = loop.get(120, TimeUnit.SECONDS).stream().filter(s -> s.at() >= killedAt).toList();
    List<String> route = new java.util.ArrayList<>();
    after.stream().filter(Sample::ok).map(Sample::via).forEach(v -> {
      if (route.isEmpty() || !route.get(route.size() - 1).equals(v)) {
        route.add(v);
      }
    });
    System.out.printf("agent kill -9 and restart on node-3: %d requests after the kill, failed %d, came in through %s%n", after.size(),
        failedAfter(after, killedAt), route);
    for (int i = 0; i < after.size(); i++) {
      if (!after.get(i).ok()) {
        String before = nearestOk(after, i, -1);
        String next = nearestOk(after, i, 1);
        assertThat(before).as("request %d of %d failed, not at a move of the IP (route %s)", i, after.size(), route).isNotEqualTo(next);
      }
    }
    assertThat(failedAfter(after, killedAt)).as("at most one per move").isLessThanOrEqualTo(route.size() - 1);
    Podnet.converge("the restarted agent answers alone", READY, () -> arpingMacs(podnet, ip).equals(Set.of(mac("node-3"))));
  }

  /** The node of the nearest successful request from {@code i} in direction {@code step} ("" if none). */
  private static String nearestOk(List<Sample> samples, int i, int step) {
    for (int j = i + step; j >= 0 && j < samples.size(); j += step) {
      if (samples.get(j).ok()) {
        return samples.get(j).via();
      }
    }
    return "";
  }

  /**
   * The announcing node fails (its LAN cable is pulled: the namespace keeps running, as a hung
   * machine would) under an outside request loop; another node takes the IP over.
   */
  @Test
  @Order(3)
  void whenTheAnnouncingNodeIsCutOffAnotherTakesOver() throws Exception {
    String ip = failoverService();
    assertThat(podnet.ok("describe", "svc", "failover").out()).contains("announcing from node \"node-3\"");
    // one shell loop in the outside namespace, 10 ms apart, started before the failure: it reports the
    // time from its first failed request to the next success, the gap a client sees
    String loop = "now() { echo $(( $(date +%s%N)/1000000 )); }; fail=0; end=$(( $(now)+40000 )); while [ $(now) -lt $end ]; do "
        + "t=$(now); if curl -s --max-time 0.2 http://" + ip + "/hostname | grep -q fo-; then "
        + "[ $fail -gt 0 ] && echo $(( $(now)-fail )) && exit; else [ $fail -eq 0 ] && fail=$t; fi; sleep 0.01; done; echo never";
    CompletableFuture<String> gap = CompletableFuture.supplyAsync(() -> outside("sh", "-c", loop));
    Podnet.sleep(3000);
    String lan = "pn-" + podnet.cluster + "-lan";
    Exec.Result cut = Exec.run(List.of("ip", "netns", "exec", lan, "ip", "link", "set", "lan-node-3", "down"), null);
    assertThat(cut.ok()).as(cut.stderr()).isTrue();
    try {
      String ms = gap.get(60, TimeUnit.SECONDS);
      System.out.printf("failover gap after node-3 failed: %s ms (first failed request to the next success)%n", ms);
      assertThat(ms).as("requests succeed again through another node").isNotEqualTo("never");
      assertThat(podnet.ok("describe", "svc", "failover").out()).containsPattern("announcing from node \"node-[12]\"");
    } finally {
      Exec.run(List.of("ip", "netns", "exec", lan, "ip", "link", "set", "lan-node-3", "up"), null);
    }
  }

  /** The first default-pool address MetalLB's election (lowest sha256 of node#ip) gives to {@code node}. */
  private static String ipElecting(String node) throws Exception {
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    for (int last = 240; last <= 250; last++) {
      String ip = "172.18.255." + last;
      String owner = List.of("node-1", "node-2", "node-3").stream().min(java.util.Comparator.comparing((String n) -> new java.math.BigInteger(1,
          sha.digest((n + "#" + ip).getBytes(java.nio.charset.StandardCharsets.UTF_8))))).orElseThrow();
      if (owner.equals(node)) {
        return ip;
      }
    }
    throw new IllegalStateException("no address in 172.18.255.240-250 elects " + node);
  }
}

package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.KernelTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The control-plane acceptance, driven through {@code bin/podnet} as a user would: one 3-node
 * cluster for the whole class, brought up first and taken down last.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static final Duration READY = Duration.ofSeconds(90);
  private final Podnet podnet = Podnet.forRun("");
  private final String name = podnet.cluster;
  private final Path state = podnet.stateBase;
  private Map<String, String> rootBefore;

  @BeforeAll
  void up() {
    rootBefore = KernelTestSupport.rootSnapshot();
    Podnet.Result r = podnet.run("up", "--nodes", "3");
    assertThat(r.exit()).as("up: %s %s", r.out(), r.err()).isZero();
    assertThat(r.out() + r.err()).contains("Ready");
  }

  @AfterAll
  void lastResort() {
    podnet.downAndForget();
    Exec.run(List.of("sh", "-c", "for n in $(ip netns list | awk '{print $1}' | grep '^pn-" + name + "-'); do ip netns pids $n | xargs -r kill -9; ip netns del $n; done"), null);
  }

  @Test
  @Order(1)
  void upGivesThreeReadyNodesAndASecondUpIsRefused() {
    JsonNode nodes = podnet.get("nodes");
    assertThat(nodes.path("items")).hasSize(3);
    for (JsonNode n : nodes.path("items")) {
      assertThat(condition(n, "Ready")).isEqualTo("True");
      assertThat(n.path("spec").path("podCIDR").asText()).startsWith("10.244.");
    }
    Podnet.Result again = podnet.run("up");
    assertThat(again.exit()).isNotZero();
    assertThat(again.err().strip()).contains("already up").doesNotContain("\n");
  }

  @Test
  @Order(2)
  void badInputGetsAOneLineErrorAndStoresNothing() {
    String good = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: good\nspec:\n  containers:\n  - name: a\n    image: podnet/pause\n";
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("malformed YAML", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec: [\n");
    cases.put("unknown kind", "apiVersion: v1\nkind: Frobnicator\nmetadata:\n  name: x\n");
    cases.put("Required value", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: []\n");
    cases.put("Duplicate value", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: podnet/pause\n"
        + "  - name: a\n    image: podnet/pause\n");
    cases.put("selector does not match template labels", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n"
        + "  selector:\n    matchLabels:\n      app: x\n  template:\n    metadata:\n      labels:\n        app: y\n    spec:\n"
        + "      containers:\n      - name: a\n        image: podnet/pause\n");
    Set<String> before = names(podnet.get("pods", "-A"));
    cases.forEach((expect, bad) -> {
      Podnet.Result r = podnet.runWithInput(good + "---\n" + bad, "apply", "-f", "-");
      assertThat(r.exit()).as(expect).isNotZero();
      assertThat(r.err()).as(expect).contains(expect);
      assertThat(r.err().lines().filter(l -> !l.isBlank())).as("every line stands alone: %s", r.err()).allSatisfy(l -> assertThat(l).contains(":"));
    });
    assertThat(names(podnet.get("pods", "-A"))).as("nothing from a bad file is stored").isEqualTo(before);
    assertThat(podnet.get("deployments").path("items")).isEmpty();
  }

  @Test
  @Order(3)
  void aDeploymentSpreadsOverTheNodesAndEveryPodIsReadyWithItsAddresses() {
    podnet.apply(Podnet.resource("web.yaml"));
    JsonNode pods = podnet.await("6 web pods Ready", READY, l -> readyCount(l) == 6, "pods", "-l", "app=web");
    Map<String, Integer> perNode = new HashMap<>();
    for (JsonNode p : pods.path("items")) {
      assertThat(p.path("metadata").path("name").asText()).matches("web-[a-z0-9]+-[a-z0-9]{5}");
      assertThat(p.path("status").path("podIP").asText()).startsWith("10.244.");
      assertThat(p.path("status").path("hostIP").asText()).startsWith("172.18.0.");
      perNode.merge(p.path("spec").path("nodeName").asText(), 1, Integer::sum);
    }
    assertThat(perNode).hasSize(3).allSatisfy((n, c) -> assertThat(c).isEqualTo(2));
  }

  @Test
  @Order(4)
  void containersOfOnePodShareLocalhostAndTheHostname() {
    podnet.apply(Podnet.resource("duo.yaml"));
    podnet.await("duo Ready", READY, p -> "True".equals(condition(p, "Ready")), "pod", "duo");
    Podnet.Result logs = null;
    for (int i = 0; i < 50; i++) {
      logs = podnet.run("logs", "duo", "-c", "client");
      if (logs.out().contains("duo")) {
        break;
      }
      Podnet.sleep(200);
    }
    assertThat(logs.out()).contains("duo");
    assertThat(podnet.ok("exec", "duo", "-c", "server", "--", "hostname").out().strip()).isEqualTo("duo");
  }

  @Test
  @Order(5)
  void aContainerThatCannotBindItsSiblingsPortShowsItAndRestartsWithBackoff() {
    podnet.apply(Podnet.resource("clash.yaml"));
    JsonNode pod = podnet.await("clash restarted", READY, p -> restarts(p, "second") >= 2, "pod", "clash");
    JsonNode second = containerStatus(pod, "second");
    assertThat(second.path("lastState").path("terminated").path("message").asText()).contains("Address already in use");
    String table = podnet.ok("get", "pods", "clash").out();
    assertThat(table).containsPattern("clash\\s+[12]/2\\s+\\S+\\s+[2-9]");
    assertThat(podnet.ok("describe", "pod", "clash").out()).contains("Address already in use").contains("Restart Count");
  }

  @Test
  @Order(6)
  void execReachesAPodOnAnotherNodeAndExitCodesPassThrough() {
    JsonNode pods = podnet.get("pods", "-l", "app=web").path("items");
    JsonNode onNode1 = byNode(pods, "node-1");
    JsonNode onNode3 = byNode(pods, "node-3");
    String ip3 = onNode3.path("status").path("podIP").asText();
    Podnet.Result r = podnet.run("exec", onNode1.path("metadata").path("name").asText(), "--", "socat", "-t2", "-", "TCP:" + ip3 + ":8080");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains(onNode3.path("metadata").path("name").asText()).contains(ip3);
    assertThat(podnet.run("exec", onNode1.path("metadata").path("name").asText(), "--", "sh", "-c", "exit 7").exit()).isEqualTo(7);
    Podnet.Result node = podnet.run("exec", "--node", "node-2", "--", "hostname");
    assertThat(node.exit()).isZero();
    assertThat(node.out().strip()).isEqualTo("node-2");
    assertThat(podnet.run("exec", "--node", "node-2", "--", "sh", "-c", "exit 3").exit()).isEqualTo(3);
  }

  @Test
  @Order(7)
  void aDeletedDeploymentPodIsReplacedAndItsIpFreed() {
    JsonNode victim = podnet.get("pods", "-l", "app=web").path("items").get(0);
    String victimName = victim.path("metadata").path("name").asText();
    String victimIp = victim.path("status").path("podIP").asText();
    podnet.ok("delete", "pod", victimName);
    JsonNode pods = podnet.await("a replacement is Ready", READY,
        l -> readyCount(l) == 6 && names(l).stream().noneMatch(victimName::equals), "pods", "-l", "app=web");
    try (var leases = Files.walk(state.resolve(name).resolve("lab"))) {
      assertThat(leases.filter(f -> f.getParent().getFileName().toString().equals("ipam")).map(f -> f.getFileName().toString()))
          .as("the deleted pod's IP lease is released").doesNotContain(victimIp);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    JsonNode client = pods.path("items").get(0);
    for (JsonNode target : pods.path("items")) {
      String ip = target.path("status").path("podIP").asText();
      assertThat(ip).isNotEqualTo(victimIp).as("the old IP is gone with its pod");
      Podnet.Result r = podnet.run("exec", client.path("metadata").path("name").asText(), "--", "socat", "-t2", "-", "TCP:" + ip + ":8080");
      assertThat(r.out()).as("reach %s", ip).contains(target.path("metadata").path("name").asText());
    }
  }

  @Test
  @Order(8)
  void scaleToZeroAndBack() {
    podnet.apply(Podnet.resource("web.yaml").replace("replicas: 6", "replicas: 0"));
    podnet.await("no web pods", READY, l -> l.path("items").size() == 0, "pods", "-l", "app=web");
    podnet.apply(Podnet.resource("web.yaml"));
    JsonNode v1 = podnet.await("6 web pods Ready again", READY, l -> readyCount(l) == 6, "pods", "-l", "app=web");
    String oldHash = v1.path("items").get(0).path("metadata").path("labels").path("pod-template-hash").asText();

    podnet.apply(Podnet.resource("web.yaml").replace("        - name: MY_POD_NAME", "        - name: VERSION\n          value: \"2\"\n        - name: MY_POD_NAME"));
    JsonNode v2 = podnet.await("a template change replaced every pod", READY, l -> readyCount(l) == 6 && l.path("items").size() == 6
        && hashes(l).size() == 1 && !hashes(l).contains(oldHash), "pods", "-l", "app=web");
    assertThat(v2.path("items").get(0).path("metadata").path("name").asText()).doesNotContain(oldHash);
  }

  static Set<String> hashes(JsonNode list) {
    Set<String> s = new HashSet<>();
    list.path("items").forEach(p -> s.add(p.path("metadata").path("labels").path("pod-template-hash").asText()));
    return s;
  }

  @Test
  @Order(9)
  void aFailingReadinessProbeKeepsAPodNotReadyAndAFailingLivenessProbeRestartsIt() {
    podnet.apply(Podnet.resource("probes.yaml"));
    podnet.await("unlive restarted by its liveness probe", READY, p -> restarts(p, "app") >= 1, "pod", "unlive");
    JsonNode unready = podnet.await("unready running", READY, p -> "Running".equals(p.path("status").path("phase").asText()), "pod", "unready");
    Podnet.sleep(3000);
    unready = podnet.get("pod", "unready");
    assertThat(condition(unready, "Ready")).isEqualTo("False");
    assertThat(restarts(unready, "app")).isZero();

    podnet.apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: noimage\nspec:\n  containers:\n  - name: web\n    image: nginx:1.25\n");
    JsonNode noimage = podnet.await("a clear reason for an image podnet cannot run", READY,
        p -> containerStatus(p, "web").path("state").path("waiting").path("reason").asText().equals("CreateContainerConfigError"), "pod", "noimage");
    assertThat(containerStatus(noimage, "web").path("state").path("waiting").path("message").asText())
        .contains("image \"nginx:1.25\" is not built into podnet and the container has no command");
    podnet.ok("delete", "pod", "noimage");
  }

  @Test
  @Order(9)
  void aStartupProbeHoldsLivenessAndReadinessOffUntilASlowStartSucceeds() {
    podnet.apply(Podnet.resource("slowstart.yaml"));
    JsonNode starting = podnet.await("slowstart running", READY, p -> containerStatus(p, "app").path("state").has("running"), "pod", "slowstart");
    assertThat(containerStatus(starting, "app").path("started").asBoolean()).as("not started before its startup probe succeeds").isFalse();
    assertThat(condition(starting, "Ready")).isEqualTo("False");
    Podnet.sleep(4000);
    JsonNode still = podnet.get("pod", "slowstart");
    assertThat(restarts(still, "app")).as("liveness (failureThreshold 1) is not run before the start").isZero();
    assertThat(condition(still, "Ready")).isEqualTo("False");
    JsonNode ready = podnet.await("slowstart Ready once it listens", READY, p -> "True".equals(condition(p, "Ready")), "pod", "slowstart");
    assertThat(containerStatus(ready, "app").path("started").asBoolean()).isTrue();
    assertThat(restarts(ready, "app")).isZero();
    podnet.ok("delete", "pod", "slowstart");
  }

  @Test
  @Order(10)
  void killingPodnetdLeavesPodsServingAndAnUpAdoptsThem() throws Exception {
    JsonNode before = podnet.get("pods", "-A");
    Map<String, String> ips = new HashMap<>();
    Map<String, String> pids = new HashMap<>();
    for (JsonNode p : before.path("items")) {
      ips.put(p.path("metadata").path("uid").asText(), p.path("status").path("podIP").asText());
      pids.put(p.path("metadata").path("uid").asText(), containerIds(p));
    }
    long pid = Long.parseLong(Files.readString(state.resolve(name).resolve("podnetd.pid")).strip());
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());

    JsonNode web = before.path("items");
    String ip = byLabel(web, "app", "web").path("status").path("podIP").asText();
    LabNodeShell n1 = new LabNodeShell(name, "node-1");
    assertThat(n1.run("socat -t2 - TCP:" + ip + ":8080")).as("pods keep serving while podnetd is down").contains(ip);

    Podnet.Result up = podnet.run("up", "--nodes", "3");
    assertThat(up.exit()).as(up.err()).isZero();
    JsonNode after = podnet.get("pods", "-A");
    assertThat(after.path("items")).hasSameSizeAs(before.path("items"));
    for (JsonNode p : after.path("items")) {
      String uid = p.path("metadata").path("uid").asText();
      assertThat(ips).containsKey(uid);
      assertThat(p.path("status").path("podIP").asText()).isEqualTo(ips.get(uid));
    }
    podnet.await("statuses current again", READY, l -> {
      for (JsonNode p : l.path("items")) {
        if (!containerIds(p).equals(pids.get(p.path("metadata").path("uid").asText())) && !p.path("metadata").path("name").asText().startsWith("un")
            && !p.path("metadata").path("name").asText().equals("clash")) {
          return false;
        }
      }
      return true;
    }, "pods", "-A");
  }

  @Test
  @Order(11)
  void downLeavesNothingBehind() {
    podnet.ok("down");
    assertThat(Exec.run(List.of("ip", "netns", "list"), null).stdout()).doesNotContain("pn-" + name + "-");
    assertThat(Exec.run(List.of("sh", "-c", "cat /proc/mounts"), null).stdout()).doesNotContain("pn-" + name + "-");
    assertThat(Exec.run(List.of("sh", "-c", "pgrep -af 'etcd|PodnetdMain' || true"), null).stdout()).doesNotContain(state.toString());
    assertThat(state.resolve(name)).doesNotExist();
    assertThat(KernelTestSupport.rootSnapshot()).isEqualTo(rootBefore);
    // down deletes the namespaces in bulk, without a CNI DEL per pod: no container process (its
    // shim runs from the state directory), no nsenter into a pod, no kubeconfig entry may remain
    assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
        .filter(c -> c.contains(state.resolve(name).toString()) || c.contains("pn-" + name + "-")).toList()).isEmpty();
    assertThat(podnet.kubeconfig()).satisfiesAnyOf(k -> assertThat(k).doesNotExist(),
        k -> assertThat(k).content().doesNotContain("podnet-" + name));
  }

  // --- helpers over kubectl-style JSON

  static String condition(JsonNode obj, String type) {
    for (JsonNode c : obj.path("status").path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c.path("status").asText();
      }
    }
    return "";
  }

  static long readyCount(JsonNode list) {
    long n = 0;
    for (JsonNode p : list.path("items")) {
      if ("True".equals(condition(p, "Ready")) && p.path("metadata").path("deletionTimestamp").isMissingNode()) {
        n++;
      }
    }
    return n;
  }

  static JsonNode containerStatus(JsonNode pod, String container) {
    for (JsonNode c : pod.path("status").path("containerStatuses")) {
      if (c.path("name").asText().equals(container)) {
        return c;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  static int restarts(JsonNode pod, String container) {
    return containerStatus(pod, container).path("restartCount").asInt(0);
  }

  static Set<String> names(JsonNode list) {
    Set<String> s = new HashSet<>();
    list.path("items").forEach(p -> s.add(p.path("metadata").path("name").asText()));
    return s;
  }

  static JsonNode byNode(JsonNode pods, String node) {
    for (JsonNode p : pods) {
      if (p.path("spec").path("nodeName").asText().equals(node)) {
        return p;
      }
    }
    throw new AssertionError("no pod on " + node + " in " + pods);
  }

  static JsonNode byLabel(JsonNode pods, String k, String v) {
    for (JsonNode p : pods) {
      if (p.path("metadata").path("labels").path(k).asText().equals(v)) {
        return p;
      }
    }
    throw new AssertionError("no pod with " + k + "=" + v);
  }

  static String containerIds(JsonNode pod) {
    List<String> ids = new ArrayList<>();
    pod.path("status").path("containerStatuses").forEach(c -> ids.add(c.path("containerID").asText()));
    return String.join(",", ids);
  }

  /** A shell in a lab node's namespaces, bypassing podnet (to check the data plane while podnetd is down). */
  record LabNodeShell(String cluster, String node) {
    String run(String cmd) {
      return Exec.run(List.of("nsenter", "--net=/run/netns/pn-" + cluster + "-" + node, "--", "sh", "-c", cmd), null).stdout();
    }
  }
}

package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The pod-to-service checks with {@code --datapath ebpf}: pods' connections to a ClusterIP are
 * translated once at connect()/sendmsg() by the node's socket programs (Cilium's socket LB),
 * attached to the node's pod cgroup, which containers and exec'd commands join. And what only
 * this datapath has: programs and pins that outlive a killed agent, and that {@code down} removes.
 */
@KernelTest
class ServicesEbpfIT extends ServiceChecks {
  private static final Path CGROUP2 = Path.of("/sys/fs/cgroup/unified");
  private static final Path BPFFS = Path.of("/sys/fs/bpf");

  ServicesEbpfIT() {
    super("sve", "ebpf");
  }

  private String clientNode() {
    return podnet.get("pod", "client").path("spec").path("nodeName").asText();
  }

  @Test
  @Order(100)
  void theSocketProgramsAreAttachedToTheNodesPodCgroupAndThePodsAreInIt() {
    String node = clientNode();
    String tree = podnet.ok("exec", "--node", node, "--", "bpftool", "cgroup", "tree").out();
    assertThat(tree).contains("podnet-" + podnet.cluster + "/" + node).contains("podnet_connect4", "podnet_sendmsg4", "podnet_getpeername4");
    assertThat(podnet.ok("exec", "client", "--", "cat", "/proc/self/cgroup").out()).contains("0::/podnet-" + podnet.cluster + "/" + node);
  }

  @Test
  @Order(101)
  void describeNodeNamesTheDatapath() {
    for (int i = 1; i <= 3; i++) {
      assertThat(podnet.ok("describe", "node", "node-" + i).out()).contains("podnet.dev/datapath: ebpf");
    }
  }

  private long agentPid(String node) {
    Matcher m = Pattern.compile(node + " pid (\\d+)").matcher(podnet.ok("status").out());
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private Path agentLog(String node) {
    return podnet.stateBase.resolve(podnet.cluster).resolve("nodes").resolve(node).resolve("agent.log");
  }

  private String logAfter(String node, long offset) {
    try {
      String all = Files.readString(agentLog(node));
      return all.substring((int) Math.min(offset, all.length()));
    } catch (IOException e) {
      return "";
    }
  }

  /** The programs attached to the node's cgroup, with their ids: the same ids mean nothing was reloaded or reattached. */
  private List<String> attached(String node) {
    String tree = podnet.ok("exec", "--node", node, "--", "bpftool", "cgroup", "show", "/sys/fs/cgroup/unified/podnet-" + podnet.cluster + "/" + node).out();
    return tree.lines().filter(l -> l.contains("podnet_")).map(String::strip).sorted().toList();
  }

  /** Both maps the agent writes, as bpftool dumps them from their pins. */
  private String maps(String node) {
    Path dir = BPFFS.resolve("podnet-" + podnet.cluster).resolve(node).resolve("maps");
    StringBuilder out = new StringBuilder();
    for (String map : List.of("podnet_svc", "podnet_be")) {
      Exec.Result r = Exec.run(List.of("bpftool", "map", "dump", "pinned", dir.resolve(map).toString()), null);
      assertThat(r.ok()).as("bpftool map dump %s: %s", map, r.stderr()).isTrue();
      out.append(r.stdout().lines().sorted().collect(java.util.stream.Collectors.joining("\n"))).append("\n");
    }
    return out.toString();
  }

  /**
   * SIGKILL to the client node's agent process while the client requests the ClusterIP every
   * 50 ms: the programs stay attached and the maps pinned, so no request fails; the restarted
   * agent (NodeProcesses starts it again) reattaches nothing, and once the node's pods are
   * Ready again its maps hold exactly what they held before the kill (set ids adopted, nothing
   * renumbered). Its first sync writes nothing whenever the nftables proxy beside it also finds
   * its table right: the node's runtime restarts with the agent, and pods' readiness may flap
   * meanwhile, which both datapaths then rightly follow.
   */
  @Test
  @Order(102)
  void killingTheAgentUnderARequestLoopLosesNothingAndItsRestartRewritesNothing() {
    String node = clientNode();
    String ip = podnet.get("svc", "web").path("spec").path("clusterIP").asText();
    List<String> programs = attached(node);
    assertThat(programs).hasSize(8);
    String mapsBefore = maps(node);
    long before = agentPid(node);
    assertThat(before).isPositive();
    CompletableFuture<List<String>> loop = CompletableFuture.supplyAsync(() -> podnet.run("exec", "client", "--", "sh", "-c",
        "for i in $(seq 1 150); do curl -s -o /dev/null -m 2 -w '%{http_code}\\n' http://" + ip + "/hostname; sleep 0.05; done").out().lines().toList());
    Podnet.sleep(1500);
    long logAt = sizeOf(agentLog(node));
    Exec.run(List.of("kill", "-9", String.valueOf(before)), null);
    assertThat(loop.join()).hasSize(150).containsOnly("200");
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline && (agentPid(node) == before || !logAfter(node, logAt).contains("node process up")
        || !maps(node).equals(mapsBefore))) {
      Podnet.sleep(1000);
    }
    String restarted = logAfter(node, logAt);
    assertThat(agentPid(node)).as("a new agent process").isNotEqualTo(before);
    assertThat(maps(node)).as("the maps once the node settled").isEqualTo(mapsBefore);
    assertThat(attached(node)).as("the same programs, by id").isEqualTo(programs);
    if (restarted.contains("proxy table already right")) {
      assertThat(restarted).contains("socket LB maps already right, nothing written");
    }
    System.out.printf("restarted agent's first syncs: nftables %s, socket LB %s%n", restarted.contains("proxy table already right") ? "right" : "rewrote",
        restarted.contains("socket LB maps already right") ? "right" : "rewrote");
    // later changes reach the restarted agent's maps
    podnet.apply("apiVersion: v1\nkind: Service\nmetadata:\n  name: after\nspec:\n  selector:\n    pod: web-1\n  ports:\n  - port: 81\n    targetPort: 8080\n");
    podnet.await("after has web-1", Duration.ofSeconds(120), l -> endpoints(l, "after").size() == 1, "endpointslices");
    String after = podnet.get("svc", "after").path("spec").path("clusterIP").asText();
    String answer = "";
    for (int i = 0; i < 40 && !answer.equals("web-1"); i++) {
      answer = podnet.run("exec", "client", "--", "curl", "-s", "-m", "2", "http://" + after + ":81/hostname").out();
      Podnet.sleep(250);
    }
    assertThat(answer).isEqualTo("web-1");
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Last: down detaches every program, removes every pin, cgroup and namespace of the cluster (run again by the class's own teardown, harmlessly). */
  @Test
  @Order(1000)
  void downLeavesNoProgramAttachedNoPinAndNoCgroup() {
    assertThat(Files.isDirectory(CGROUP2.resolve("podnet-" + podnet.cluster))).isTrue();
    podnet.ok("down");
    String tree = Exec.run(List.of("bpftool", "cgroup", "tree", CGROUP2.toString()), null).stdout();
    assertThat(tree).doesNotContain("podnet-" + podnet.cluster);
    assertThat(CGROUP2.resolve("podnet-" + podnet.cluster)).doesNotExist();
    assertThat(BPFFS.resolve("podnet-" + podnet.cluster)).doesNotExist();
    assertThat(podnet.leftByName()).as("anything named after the cluster").isEmpty();
  }
}

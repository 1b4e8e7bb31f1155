package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * kubeadm's shape: {@code podnet up --control-plane-only}, then two more "machines" (namespaces on
 * the lab LAN, standing in for other hosts) run the command {@code podnet token create} prints.
 * They register as nodes, run pods, and those pods reach each other and a Service across them.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoinIT {
  private static final Duration READY = Duration.ofSeconds(120);
  private final Podnet podnet = Podnet.forRun("join");
  private final String name = podnet.cluster;
  private final List<Process> joined = new ArrayList<>();

  @BeforeAll
  void up() throws IOException {
    podnet.up("--control-plane-only");
    String join = podnet.ok("token", "create").out().strip();
    assertThat(join).startsWith("podnet join --server https://172.18.0.1:6443 --token ").contains("--ca-cert-hash sha256:");
    machine("m1", "172.18.0.50", join);
    machine("m2", "172.18.0.51", join);
  }

  /** A machine on the LAN: its own namespace with a cable to the LAN switch, running the join command as its one podnet process. */
  private void machine(String m, String ip, String join) throws IOException {
    String ns = "pn-" + name + "-" + m;
    String lan = "pn-" + name + "-lan";
    for (String cmd : List.of("ip netns add " + ns, "ip -n " + lan + " link add lan-" + m + " type veth peer name eth0 netns " + ns,
        "ip -n " + lan + " link set lan-" + m + " master lan0 up", "ip -n " + ns + " link set lo up", "ip -n " + ns + " link set eth0 up",
        "ip -n " + ns + " addr add " + ip + "/16 dev eth0", "ip -n " + ns + " route add 10.96.0.0/12 dev eth0",
        "ip netns exec " + ns + " sysctl -qw net.ipv4.ip_forward=1")) {
      Exec.Result r = Exec.run(List.of(cmd.split(" ")), null);
      assertThat(r.exitCode()).as("%s: %s", cmd, r.stderr()).isZero();
    }
    List<String> argv = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + ns, "--", "env", "PODNET_SKIP_BUILD=1",
        Podnet.CHECKOUT.resolve("bin/podnet").toString()));
    argv.addAll(List.of(join.substring("podnet ".length()).split(" ")));
    argv.addAll(List.of("--node", name + "-" + m, "--state-dir", podnet.stateBase.resolve(m).toString()));
    Path log = podnet.stateBase.resolve(m + ".log");
    log.getParent().toFile().mkdirs();
    joined.add(new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(new File("/dev/null")).start());
  }

  @AfterAll
  void down() {
    joined.forEach(Process::destroy);
    podnet.downAndForget();
  }

  @Test
  void joinedMachinesAreReadyNodesWhosePodsReachEachOtherAndAService() {
    podnet.await("both machines Ready", READY, l -> ClusterIT.readyCount(l) == 2, "nodes");
    StringBuilder y = new StringBuilder();
    y.append(ServicesIT.server("web", name + "-m2", "web")).append("---\n");
    y.append(PodNetworkingChecks.pod("client", name + "-m1", "[\"pause\"]", false)).append("---\n");
    y.append(ServicesIT.service("web", "ClusterIP", ""));
    podnet.apply(y.toString());
    podnet.await("web and client Ready", READY, l -> ClusterIT.readyCount(l) >= 2, "pods", "web", "client");
    podnet.await("web is an endpoint", READY, l -> ServicesIT.endpoints(l, "web").size() == 1, "endpointslices");
    String webIp = podnet.get("pod", "web").path("status").path("podIP").asText();
    String ip = podnet.get("svc", "web").path("spec").path("clusterIP").asText();
    // Straight into the client's namespace: podnet exec reaches pods through the lab's own node files, not a joined machine's.
    String client = "/run/netns/pn-" + name + "-m1-default.client";
    assertThat(Exec.run(List.of("nsenter", "--net=" + client, "curl", "-s", "-m", "3", "http://" + webIp + ":8080/hostname"), null).stdout())
        .as("pod to pod across the joined machines").isEqualTo("web");
    assertThat(Exec.run(List.of("nsenter", "--net=" + client, "curl", "-s", "-m", "3", "http://" + ip + "/hostname"), null).stdout())
        .as("pod to Service").isEqualTo("web");
  }
}

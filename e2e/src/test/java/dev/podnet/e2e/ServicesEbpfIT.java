package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.KernelTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The pod-to-service checks with {@code --datapath ebpf}: pods' connections to a ClusterIP are
 * translated once at connect()/sendmsg() by the node's socket programs (Cilium's socket LB), so
 * the node's conntrack holds no entry for the ClusterIP at all.
 */
@KernelTest
class ServicesEbpfIT extends ServicesIT {
  ServicesEbpfIT() {
    super("sve", "ebpf");
  }

  @Test
  @Order(100)
  void aPodsConnectionsToAClusterIpLeaveNoConntrackEntryForIt() {
    String ip = podnet.get("svc", "web").path("spec").path("clusterIP").asText();
    String node = podnet.get("pod", "client").path("spec").path("nodeName").asText();
    podnet.ok("exec", "--node", node, "--", "conntrack", "-F"); // earlier tests' flows (some on purpose through nftables) go
    for (int i = 0; i < 5; i++) {
      assertThat(podnet.run("exec", "client", "--", "curl", "-s", "--max-time", "3", "http://" + ip + "/hostname").out()).startsWith("web-");
    }
    String conntrack = podnet.ok("exec", "--node", node, "--", "conntrack", "-L").out();
    assertThat(conntrack).as("no DNAT entry for the ClusterIP on the client's node").doesNotContain("dst=" + ip + " ");
    assertThat(podnet.ok("exec", "--node", node, "--", "bpftool", "cgroup", "tree").out()).contains("podnet_connect4");
  }
}

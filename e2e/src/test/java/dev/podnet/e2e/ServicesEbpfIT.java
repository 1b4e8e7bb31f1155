package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.KernelTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The pod-to-service checks with {@code --datapath ebpf}: pods' connections to a ClusterIP are
 * translated once at connect()/sendmsg() by the node's socket programs (Cilium's socket LB),
 * attached to the node's pod cgroup, which containers and exec'd commands join.
 */
@KernelTest
class ServicesEbpfIT extends ServiceChecks {
  ServicesEbpfIT() {
    super("sve", "ebpf");
  }

  @Test
  @Order(100)
  void theSocketProgramsAreAttachedToTheNodesPodCgroupAndThePodsAreInIt() {
    String node = podnet.get("pod", "client").path("spec").path("nodeName").asText();
    String tree = podnet.ok("exec", "--node", node, "--", "bpftool", "cgroup", "tree").out();
    assertThat(tree).contains("podnet-" + podnet.cluster + "/" + node).contains("podnet_connect4", "podnet_sendmsg4", "podnet_getpeername4");
    assertThat(podnet.ok("exec", "client", "--", "cat", "/proc/self/cgroup").out()).contains("0::/podnet-" + podnet.cluster + "/" + node);
  }
}

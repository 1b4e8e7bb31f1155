package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.KernelTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The ported pod-networking checks with the bgp backend (Calico's node-to-node mesh): and the
 * routes to other nodes' pods are plain routes learned over BGP, with no overlay device.
 */
@KernelTest
class PodNetworkingBgpIT extends PodNetworkingChecks {
  PodNetworkingBgpIT() {
    super("bgp", "bg");
  }

  @Test
  @Order(100)
  void otherNodesPodCidrsArePlainBgpRoutesViaTheirNodesAndNoVxlanDeviceExists() {
    String routes = podnet.ok("exec", "--node", "node-1", "--", "ip", "route").out();
    assertThat(routes.lines().filter(l -> l.contains("proto bgp")).toList()).as(routes).hasSize(2)
        .allMatch(l -> l.matches("10\\.244\\.\\d+\\.0/24 via 172\\.18\\.0\\.\\d+ dev eth0 proto bgp.*"));
    assertThat(podnet.ok("exec", "--node", "node-1", "--", "ip", "-d", "link").out()).doesNotContain("vxlan");
  }
}

package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.KernelTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The pod-to-service checks with {@code --routing bgp}: the nodes learn each other's pod CIDRs
 * from their BGP speakers (plain {@code proto bgp} routes, no overlay), and Services must work
 * over those routes exactly as over VXLAN.
 */
@KernelTest
class ServicesBgpIT extends ServiceChecks {
  ServicesBgpIT() {
    super("svb", "nftables", "bgp");
  }

  @Test
  @Order(100)
  void theNodesReachEachOthersPodsThroughBgpRoutesWithoutAnOverlay() {
    String routes = podnet.ok("exec", "--node", "node-1", "--", "ip", "route", "show", "proto", "bgp").out();
    assertThat(routes).as("node-1's BGP routes").contains("via 172.18.0.3", "via 172.18.0.4");
    assertThat(podnet.ok("exec", "--node", "node-1", "--", "ip", "-d", "link", "show").out()).doesNotContain("vxlan");
  }
}

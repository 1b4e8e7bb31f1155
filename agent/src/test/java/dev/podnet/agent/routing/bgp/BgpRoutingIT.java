package dev.podnet.agent.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.agent.routing.Underlay;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.Ip;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Netns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two node namespaces on one veth "LAN", each with its bgp routing: {@code ip route} shows the
 * peer's pod CIDR via the peer with protocol bgp, and a packet to an address in that CIDR gets
 * there and back, with no overlay device anywhere.
 */
class BgpRoutingIT {
  private final Kernel kernel = new IpKernel();
  private final String prefix = "pnb" + ProcessHandle.current().pid() + "-";
  private final List<BgpRouting> started = new ArrayList<>();
  private Netns.Named n1;
  private Netns.Named n2;

  @BeforeEach
  void up() {
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root && "true".equalsIgnoreCase(System.getenv("CI"))) {
      org.junit.jupiter.api.Assertions.fail("BgpRoutingIT needs root to create network namespaces (CI must run it as root)");
    }
    Assumptions.assumeTrue(root, "needs root to create network namespaces");
    n1 = kernel.ensureNetns(prefix + "n1");
    n2 = kernel.ensureNetns(prefix + "n2");
    kernel.apply(n1, List.of(new IpCommand.LinkAdd(new LinkSpec.Veth("eth0", "eth0", Optional.of(n2), 1500))));
    for (int i = 1; i <= 2; i++) {
      Netns n = i == 1 ? n1 : n2;
      kernel.apply(n, List.of(new IpCommand.AddressReplace("eth0", Cidr.parse("10.78.0." + i + "/24")), new IpCommand.LinkUp("eth0"),
          new IpCommand.LinkUp("lo"), new IpCommand.AddressReplace("lo", Cidr.parse("10.244." + i + ".1/32"))));
    }
  }

  @AfterEach
  void down() {
    started.forEach(BgpRouting::close);
    kernel.deleteAllNamed(prefix);
  }

  static NodeInfo node(int i) {
    return new NodeInfo("node-" + i, Ip.parse("10.78.0." + i), Cidr.parse("10.244." + i + ".0/24"));
  }

  private BgpRouting start(Netns ns, int i) {
    BgpRouting r = BgpRouting.start(new BgpRouting.Node(kernel, ns, node(i), new Underlay("eth0", 1500)),
        new BgpRoutingConfig(64512, 179, 9, 120, Duration.ofSeconds(30)));
    started.add(r);
    r.onNodeAdded(node(1));
    r.onNodeAdded(node(2));
    return r;
  }

  private String ipRoute(Netns ns) {
    return Exec.run(List.of("ip", "netns", "exec", ns.toString(), "ip", "route"), null).stdout();
  }

  @Test
  void peerPodCidrIsRoutedViaThePeerWithProtoBgpAndPacketsFlow() {
    start(n1, 1);
    start(n2, 2);
    BgpRoutingTest.await("node-1 routes node-2's pod CIDR", () -> ipRoute(n1).contains("10.244.2.0/24 via 10.78.0.2 dev eth0 proto bgp"));
    BgpRoutingTest.await("node-2 routes node-1's pod CIDR", () -> ipRoute(n2).contains("10.244.1.0/24 via 10.78.0.1 dev eth0 proto bgp"));
    assertThat(kernel.routes(n1)).as("kernel reads 'proto bgp' back as the number it wrote")
        .anyMatch(r -> r.dst().equals(Cidr.parse("10.244.2.0/24")) && r.protocol() == dev.podnet.kernel.Route.PROTO_BGP);
    Exec.Result ping = Exec.run(List.of("ip", "netns", "exec", n1.toString(), "ping", "-c", "1", "-W", "2", "-I", "10.244.1.1", "10.244.2.1"), null);
    assertThat(ping.ok()).as("ping pod-CIDR to pod-CIDR across the BGP routes: " + ping.stdout() + ping.stderr()).isTrue();
    assertThat(Exec.run(List.of("ip", "netns", "exec", n1.toString(), "ip", "-d", "link"), null).stdout()).doesNotContain("vxlan");
  }
}

package dev.podnet.agent.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.agent.routing.Underlay;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.FakeKernel;
import dev.podnet.kernel.Ip;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Netns;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes' speakers talking over loopback addresses (no root), each programming its own namespace
 * of one fake kernel: what {@code ip route} would show on each node.
 */
class BgpRoutingTest {
  private final FakeKernel k = new FakeKernel();
  private final Netns lan = k.ensureNetns("lan");
  private final Underlay eth0 = new Underlay("eth0", 1500);
  private final List<BgpRouting> started = new ArrayList<>();
  private final BgpRoutingConfig config = new BgpRoutingConfig(64512, freePort(), 9, 120, Duration.ofSeconds(30));

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.21.1"))) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no free port on 127.0.21.1", e);
    }
  }

  static NodeInfo node(int i) {
    return new NodeInfo("node-" + i, Ip.parse("127.0.21." + i), Cidr.parse("10.244." + i + ".0/24"));
  }

  private Netns netns(int i) {
    if (!k.netnsNames().contains("node-" + i)) {
      Netns n = k.ensureNetns("node-" + i);
      k.apply(n, List.of(new IpCommand.LinkAdd(new LinkSpec.Veth("eth0", "lan-n" + i, Optional.of(lan), 1500)),
          new IpCommand.LinkUp("eth0"), new IpCommand.AddressReplace("eth0", Cidr.parse("127.0.21." + i + "/24"))));
    }
    return Netns.named("node-" + i);
  }

  private BgpRouting start(int i) {
    BgpRouting r = new BgpRouting(new BgpRouting.Node(k, netns(i), node(i), eth0), config, Runnable::run, () -> { });
    started.add(r);
    return r;
  }

  private String bgpRoutes(int i) {
    return k.dumpRoutes(netns(i)).lines().filter(l -> l.contains("proto bgp")).sorted().reduce("", (a, b) -> a + b + "\n");
  }

  static void await(String what, BooleanSupplier ok) {
    long end = System.nanoTime() + 15_000_000_000L;
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @AfterEach
  void stop() {
    started.forEach(BgpRouting::close);
  }

  private static void mesh(List<BgpRouting> nodes, int... ids) {
    for (int i = 0; i < nodes.size(); i++) {
      for (int id : ids) {
        nodes.get(i).onNodeAdded(node(id));
      }
    }
  }

  @Test
  void everyNodeRoutesEveryOtherPodCidrViaThatNodeWithProtoBgpAndNoDevice() {
    List<BgpRouting> nodes = List.of(start(1), start(2), start(3));
    mesh(nodes, 1, 2, 3);
    await("node-1 has both peers' CIDRs", () -> bgpRoutes(1).lines().count() == 2);
    assertThat(bgpRoutes(1)).isEqualTo("""
        10.244.2.0/24 via 127.0.21.2 dev eth0 proto bgp
        10.244.3.0/24 via 127.0.21.3 dev eth0 proto bgp
        """);
    await("node-3 too", () -> bgpRoutes(3).lines().count() == 2);
    assertThat(bgpRoutes(3)).contains("10.244.1.0/24 via 127.0.21.1 dev eth0 proto bgp");
    assertThat(k.dumpLinks(netns(1))).doesNotContain("vxlan");
  }

  @Test
  void aNodeThatLeavesHasItsRouteWithdrawnAtOnce() {
    List<BgpRouting> nodes = List.of(start(1), start(2), start(3));
    mesh(nodes, 1, 2, 3);
    await("converged", () -> bgpRoutes(1).lines().count() == 2);
    nodes.get(0).onNodeDeleted("node-3");
    await("node-1 forgets node-3", () -> !bgpRoutes(1).contains("10.244.3.0/24"));
    assertThat(bgpRoutes(1)).contains("10.244.2.0/24");
  }

  @Test
  void anAgentRestartKeepsRoutesOnBothSidesAndDropsOnlyWhatNobodyAnnouncesAgain() {
    BgpRouting one = start(1);
    BgpRouting two = start(2);
    mesh(List.of(one, two), 1, 2);
    await("converged", () -> bgpRoutes(1).contains("10.244.2.0/24") && bgpRoutes(2).contains("10.244.1.0/24"));
    // a route node-1's previous agent installed for a node that has since gone
    k.apply(netns(1), List.of(new IpCommand.RouteReplace(new dev.podnet.kernel.Route(Cidr.parse("10.244.9.0/24"),
        Optional.of(Ip.parse("127.0.21.9")), "eth0", false, dev.podnet.kernel.Route.PROTO_BGP))));

    one.close();
    started.remove(one);
    assertThat(bgpRoutes(1)).as("the kernel keeps forwarding while the agent is away").contains("10.244.2.0/24");
    await("node-2 keeps node-1's route as stale", () -> bgpRoutes(2).contains("10.244.1.0/24"));

    BgpRouting again = start(1);
    again.onNodeAdded(node(2));
    assertThat(bgpRoutes(1)).contains("10.244.2.0/24").contains("10.244.9.0/24");
    await("after End-of-RIB only the route nobody announced goes", () -> !bgpRoutes(1).contains("10.244.9.0/24"));
    assertThat(bgpRoutes(1)).contains("10.244.2.0/24");
    assertThat(bgpRoutes(2)).contains("10.244.1.0/24");
    assertThat(again.sessions()).singleElement().satisfies(s -> assertThat(s.state().name()).isEqualTo("ESTABLISHED"));
  }
}

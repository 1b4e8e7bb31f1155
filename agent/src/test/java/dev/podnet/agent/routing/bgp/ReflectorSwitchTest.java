package dev.podnet.agent.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.agent.routing.Underlay;
import dev.podnet.api.bgp.BgpConfigurationSpec;
import dev.podnet.api.bgp.BgpPeerSpec;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.FakeKernel;
import dev.podnet.kernel.Ip;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Netns;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Four nodes fed as the API feeds them switch from the node-to-node mesh to route reflectors, as
 * Calico's how-to does it (label and annotate the reflector, add the BGPPeer, turn the mesh off),
 * while a watcher checks every node's routes all along: no pod CIDR is ever missing.
 */
class ReflectorSwitchTest {
  private static final String NET = "127.0.22.";
  private final FakeKernel k = new FakeKernel();
  private final Netns lan = k.ensureNetns("lan");
  private final List<BgpRouting> nodes = new ArrayList<>();
  private final BgpRoutingConfig config = new BgpRoutingConfig(64512, freePort(), 9, 120, Duration.ofSeconds(30));

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(NET + "1"))) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no free port on " + NET + "1", e);
    }
  }

  private static NodeInfo info(int i) {
    return new NodeInfo("node-" + i, Ip.parse(NET + i), Cidr.parse("10.244." + i + ".0/24"));
  }

  private static BgpNode plain(int i) {
    return BgpNode.plain(info(i));
  }

  private static BgpNode reflector(int i) {
    return new BgpNode(info(i), Map.of("route-reflector", "true"), Optional.of((Inet4Address) Ip.parse("244.0.0.1")), OptionalLong.empty());
  }

  private Netns netns(int i) {
    Netns n = k.ensureNetns("node-" + i);
    k.apply(n, List.of(new IpCommand.LinkAdd(new LinkSpec.Veth("eth0", "lan-n" + i, Optional.of(lan), 1500)), new IpCommand.LinkUp("eth0"),
        new IpCommand.AddressReplace("eth0", Cidr.parse(NET + i + "/24"))));
    return n;
  }

  private long routes(int i) {
    return k.dumpRoutes(Netns.named("node-" + i)).lines().filter(l -> l.contains("proto bgp")).count();
  }

  private void everyNode(java.util.function.Consumer<BgpRouting> change) {
    nodes.forEach(change);
  }

  @AfterEach
  void stop() {
    nodes.forEach(BgpRouting::close);
  }

  @Test
  void switchingTheMeshToAReflectorNeverLosesARouteAndLeavesClientsPeeringOnlyWithIt() throws Exception {
    for (int i = 1; i <= 4; i++) {
      BgpRouting r = new BgpRouting(new BgpRouting.Node(k, netns(i), info(i), new Underlay("eth0", 1500)), config, Runnable::run, () -> { });
      r.followApi();
      nodes.add(r);
    }
    for (int i = 1; i <= 4; i++) {
      int n = i;
      everyNode(r -> r.onNode(plain(n)));
    }
    everyNode(BgpRouting::inputsSynced);
    BgpRoutingTest.await("the mesh converged", () -> routes(1) == 3 && routes(2) == 3 && routes(3) == 3 && routes(4) == 3);

    ConcurrentLinkedQueue<String> gaps = new ConcurrentLinkedQueue<>();
    AtomicBoolean watching = new AtomicBoolean(true);
    Thread watcher = new Thread(() -> {
      while (watching.get()) {
        for (int i = 1; i <= 4; i++) {
          if (routes(i) != 3) {
            gaps.add("node-" + i + " had " + routes(i) + " routes");
          }
        }
      }
    });
    watcher.start();
    everyNode(r -> r.onNode(reflector(1)));
    // the BGPPeer and the mesh switched off in one go, as one manifest applies them: each node's agent
    // races the others, and clients must not drop the mesh before the reflector passes routes on
    everyNode(r -> r.onPeer("peer-with-route-reflectors", Optional.of(new BgpPeerSpec(null, "all()", null, null, "route-reflector == 'true'"))));
    everyNode(r -> r.onConfiguration(new BgpConfigurationSpec(null, false, null, null, null, null, null)));
    BgpRoutingTest.await("clients keep only the reflector", () -> nodes.get(1).sessions().size() == 1 && nodes.get(2).sessions().size() == 1
        && nodes.get(3).sessions().size() == 1);
    Thread.sleep(500);
    watching.set(false);
    watcher.join();

    assertThat(gaps).as("every node kept every pod CIDR through the switch").isEmpty();
    assertThat(nodes.get(1).sessions()).singleElement().satisfies(s -> assertThat(s.address()).isEqualTo(Ip.parse(NET + "1")));
    assertThat(nodes.get(0).sessions()).hasSize(3);
    assertThat(nodes.get(1).planned(Ip.parse(NET + "1"))).hasValueSatisfying(s -> assertThat(s.type()).isEqualTo(Session.Type.NodePeer));
    assertThat(nodes.get(0).planned(Ip.parse(NET + "2"))).hasValueSatisfying(s -> assertThat(s.reflectorClient()).isTrue());
    assertThat(nodes.get(1).reported()).as("the BGPStatus names the BGPPeer the session was made for")
        .singleElement().satisfies(r -> {
          assertThat(r.type()).isEqualTo("NodePeer");
          assertThat(r.peerName()).isEqualTo("peer-with-route-reflectors");
        });
    for (int i = 1; i <= 4; i++) {
      assertThat(routes(i)).as("node-" + i + " routes").isEqualTo(3);
    }
  }
}

package dev.podnet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.Route;
import java.time.Duration;
import java.util.List;
import dev.podnet.kernel.Nft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Nodes come and go; drift is repaired. */
@KernelTest
class RoutingIT {
  private final IpKernel k = new IpKernel();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"vxlan", "host-gw"})
  void addingAndRemovingANodeUpdatesEveryOtherNode(String routing) {
    try (Lab lab = LabTestSupport.lab(routing, 2)) {
      LabNode third = lab.addNode();
      Sandbox far = lab.createPod(third, "default", "far");
      for (LabNode n : lab.nodes()) {
        assertThat(n.run("ping", "-c1", "-W2", far.ip().getHostAddress()).ok()).as("%s -> new node's pod", n.name()).isTrue();
      }
      lab.removeNode(third.name());
      for (LabNode n : lab.nodes()) {
        assertThat(k.routes(n.netns())).noneMatch(r -> r.dst().equals(third.info().podCidr()));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"vxlan", "host-gw"})
  void aRouteDeletedByHandComesBack(String routing) {
    try (Lab lab = LabTestSupport.lab(routing, 2)) {
      LabNode n1 = lab.nodes().get(0);
      Route r = k.routes(n1.netns()).stream().filter(x -> x.protocol() == Route.PROTO_PODNET).findFirst().orElseThrow();
      k.apply(n1.netns(), List.of(new IpCommand.RouteDelete(r)));
      assertThat(k.routes(n1.netns())).doesNotContain(r);
      Duration took = LabTestSupport.await("route " + r + " restored", Duration.ofSeconds(10), () -> k.routes(n1.netns()).contains(r));
      System.out.printf("drift repaired in %d ms (%s)%n", took.toMillis(), routing);
    }
  }

  @Test
  void vxlanOuterPacketsLeaveNoConntrackEntriesWhilePodFlowsAreTracked() {
    try (Lab lab = LabTestSupport.lab("vxlan", 2)) {
      LabNode n1 = lab.nodes().get(0);
      LabNode n2 = lab.nodes().get(1);
      Sandbox far = lab.createPod(n2, "default", "far");
      Sandbox near = lab.createPod(n1, "default", "near");
      for (LabNode n : lab.nodes()) { // in a cluster the Service proxy's ct rules turn conntrack on; this lab has no proxy
        Nft.tool().apply(n.netns(), """
            add table ip conntrack-on
            add chain ip conntrack-on pre { type filter hook prerouting priority 0 ; }
            add rule ip conntrack-on pre ct state new counter
            add chain ip conntrack-on out { type filter hook output priority 0 ; }
            add rule ip conntrack-on out ct state new counter
            """);
      }
      assertThat(near.run("ping", "-c3", "-i0.2", "-W2", far.ip().getHostAddress()).ok()).as("near -> far over vxlan").isTrue();
      for (LabNode n : lab.nodes()) {
        assertThat(Nft.tool().list(n.netns(), "inet", "podnet-routing")).as("%s untracked table", n.name()).get().asString()
            .contains("chain untracked-prerouting", "chain untracked-output", "udp dport 8472 notrack");
        String entries = n.run("conntrack", "-L").stdout();
        assertThat(entries).as("%s conntrack", n.name()).doesNotContain("dport=8472");
      }
      assertThat(n1.run("conntrack", "-L", "-p", "icmp").stdout()).as("the pod flow, decapsulated, is still tracked").contains("src=" + near.ip().getHostAddress());
    }
  }
}

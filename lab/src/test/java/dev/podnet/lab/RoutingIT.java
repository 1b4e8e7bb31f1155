package dev.podnet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.Route;
import java.time.Duration;
import java.util.List;
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
}

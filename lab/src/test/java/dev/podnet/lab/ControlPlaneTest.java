package dev.podnet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.FakeKernel;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Route;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlPlaneTest {
  private final FakeKernel kernel = new FakeKernel();
  private final LabConfig config = LabConfig.defaults("t").withPrefix("pn-t-", Path.of("/tmp/unused"));
  private final LabNames names = new LabNames(config.prefix());

  private static NodeInfo node(int i) throws Exception {
    return new NodeInfo("node-" + i, InetAddress.getByName("172.18.0." + (i + 1)), Cidr.parse("10.244." + (i - 1) + ".0/24"));
  }

  private void lan() {
    kernel.apply(kernel.ensureNetns(names.lan()), List.of(new IpCommand.LinkAdd(new LinkSpec.Bridge(LabNames.LAN_BRIDGE, 1500))));
  }

  private List<String> podnetRoutes(ControlPlane cp) {
    return kernel.routes(cp.netns()).stream().filter(r -> r.protocol() == Route.PROTO_PODNET).map(Route::spec).sorted().toList();
  }

  @Test
  void theControlPlaneHasTheFirstLanAddressOnTheBridge() {
    lan();
    ControlPlane cp = ControlPlane.ensure(kernel, names, config, 1500);
    assertThat(cp.netns()).isEqualTo(Netns.named("pn-t-control-plane"));
    assertThat(cp.address().getHostAddress()).isEqualTo("172.18.0.1");
    assertThat(kernel.addresses(cp.netns())).anyMatch(a -> a.dev().equals("eth0") && a.address().toString().equals("172.18.0.1/16"));
    assertThat(kernel.links(Netns.named(names.lan()))).anyMatch(l -> l.name().equals(LabNames.CONTROL_PLANE_PORT));
  }

  @Test
  void podCidrRoutesFollowTheNodesViaTheirLanAddresses() throws Exception {
    lan();
    ControlPlane cp = ControlPlane.ensure(kernel, names, config, 1500);
    cp.sync(List.of(node(1), node(2)));
    assertThat(podnetRoutes(cp)).containsExactly("10.244.0.0/24 via 172.18.0.2 dev eth0 proto 77", "10.244.1.0/24 via 172.18.0.3 dev eth0 proto 77");
    cp.sync(List.of(node(2)));
    assertThat(podnetRoutes(cp)).containsExactly("10.244.1.0/24 via 172.18.0.3 dev eth0 proto 77");
  }
}

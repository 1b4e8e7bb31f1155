package dev.podnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FakeKernelTest {
  private final FakeKernel k = new FakeKernel();
  private final Netns node = k.ensureNetns("n1");
  private final Netns pod = k.ensureNetns("p1");

  @Test
  void vethPairSpansNamespacesAndDiesWithIt() {
    k.apply(node, List.of(new IpCommand.LinkAdd(new LinkSpec.Bridge("cni0", 1500)), new IpCommand.LinkUp("cni0"),
        new IpCommand.LinkAdd(new LinkSpec.Veth("vethabc", "eth0", Optional.of(pod), 1450)),
        new IpCommand.LinkMaster("vethabc", "cni0"), new IpCommand.BridgePortHairpin("vethabc", true)));
    assertThat(k.dumpLinks(pod)).isEqualTo("eth0 veth DOWN mtu 1450\n");
    assertThat(k.dumpLinks(node)).contains("vethabc veth DOWN mtu 1450 master cni0 hairpin");
    k.deleteNetns("p1");
    assertThat(k.dumpLinks(node)).doesNotContain("vethabc");
  }

  @Test
  void refusesAGatewayOffLinkUnlessOnlink() {
    k.apply(node, List.of(new IpCommand.LinkAdd(new LinkSpec.Bridge("cni0", 1500)), new IpCommand.LinkUp("cni0"),
        new IpCommand.AddressReplace("cni0", Cidr.parse("10.244.0.1/24"))));
    Route off = Route.via(Cidr.parse("10.244.5.0/24"), Ip.parse("10.9.9.9"), "cni0");
    assertThatThrownBy(() -> k.apply(node, List.of(new IpCommand.RouteReplace(off))))
        .isInstanceOf(KernelException.class).hasMessage("add route " + off.spec() + " in netns n1: Error: Nexthop has invalid gateway.");
    k.apply(node, List.of(new IpCommand.RouteReplace(Route.onlink(Cidr.parse("10.244.5.0/24"), Ip.parse("10.9.9.9"), "cni0"))));
    assertThat(k.dumpRoutes(node)).isEqualTo("10.244.0.0/24 dev cni0 proto kernel\n10.244.5.0/24 via 10.9.9.9 dev cni0 proto 77 onlink\n");
  }

  @Test
  void deletesOfAbsentThingsSucceed() {
    k.apply(node, List.of(new IpCommand.LinkDelete("nope"),
        new IpCommand.RouteDelete(Route.direct(Cidr.parse("10.1.0.0/16"), "nope"))));
    assertThatThrownBy(() -> k.apply(node, List.of(new IpCommand.LinkUp("nope")))).hasMessageContaining("Cannot find device \"nope\"");
  }
}

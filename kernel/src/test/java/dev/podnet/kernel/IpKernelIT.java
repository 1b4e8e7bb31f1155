package dev.podnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@KernelTest
class IpKernelIT {
  private final IpKernel k = new IpKernel();
  private final String p = KernelTestSupport.prefix();

  @Test
  void appliesABatchAcrossTwoNamespacesAndReadsItBack() {
    Netns a = k.ensureNetns(p + "a");
    Netns b = k.ensureNetns(p + "b");
    k.apply(a, List.of(
        new IpCommand.LinkAdd(new LinkSpec.Bridge("br0", 1500)), new IpCommand.LinkUp("br0"),
        new IpCommand.AddressReplace("br0", Cidr.parse("10.250.0.1/24")),
        new IpCommand.LinkAdd(new LinkSpec.Veth("vetha", "eth0", Optional.of(b), 1450)),
        new IpCommand.LinkMaster("vetha", "br0"), new IpCommand.LinkUp("vetha"),
        new IpCommand.BridgePortHairpin("vetha", true)));
    k.apply(b, List.of(new IpCommand.LinkUp("eth0"), new IpCommand.AddressReplace("eth0", Cidr.parse("10.250.0.2/24")),
        new IpCommand.RouteReplace(Route.via(Cidr.parse("0.0.0.0/0"), Ip.parse("10.250.0.1"), "eth0"))));

    Link veth = k.links(a).stream().filter(l -> l.name().equals("vetha")).findFirst().orElseThrow();
    assertThat(veth.kind()).isEqualTo("veth");
    assertThat(veth.master()).contains("br0");
    assertThat(veth.hairpin()).isTrue();
    assertThat(veth.mtu()).isEqualTo(1450);
    assertThat(k.addresses(b)).contains(new Address("eth0", Cidr.parse("10.250.0.2/24")));
    assertThat(k.routes(b)).contains(Route.via(Cidr.parse("0.0.0.0/0"), Ip.parse("10.250.0.1"), "eth0"));
    assertThat(Exec.run(new NamespaceSet(b, Optional.empty()).command(List.of("ping", "-c1", "-W2", "10.250.0.1")), null).ok()).isTrue();
  }

  @Test
  void vxlanDeviceWithStaticFdbAndNeighbors() {
    Netns a = k.ensureNetns(p + "a");
    MacAddress mac = new MacAddress("0e:70:ac:12:00:02");
    k.apply(a, List.of(new IpCommand.LinkAdd(new LinkSpec.Bridge("lan", 1500)), new IpCommand.LinkUp("lan"),
        new IpCommand.AddressReplace("lan", Cidr.parse("172.30.0.2/16")),
        new IpCommand.LinkAdd(new LinkSpec.Vxlan("podnet.1", 1, 8472, Ip.parse("172.30.0.2"), "lan", 1450, mac)),
        new IpCommand.LinkUp("podnet.1"),
        new IpCommand.FdbReplace(new FdbEntry(new MacAddress("0e:70:ac:12:00:03"), "podnet.1", Ip.parse("172.30.0.3"))),
        new IpCommand.NeighborReplace(new Neighbor(Ip.parse("10.244.1.0"), new MacAddress("0e:70:ac:12:00:03"), "podnet.1")),
        new IpCommand.RouteReplace(Route.onlink(Cidr.parse("10.244.1.0/24"), Ip.parse("10.244.1.0"), "podnet.1"))));
    assertThat(k.links(a)).anySatisfy(l -> {
      assertThat(l.name()).isEqualTo("podnet.1");
      assertThat(l.kind()).isEqualTo("vxlan");
      assertThat(l.mac()).contains(mac);
    });
    assertThat(k.fdb(a, "podnet.1")).containsExactly(new FdbEntry(new MacAddress("0e:70:ac:12:00:03"), "podnet.1", Ip.parse("172.30.0.3")));
    assertThat(k.neighbors(a, "podnet.1")).containsExactly(new Neighbor(Ip.parse("10.244.1.0"), new MacAddress("0e:70:ac:12:00:03"), "podnet.1"));
    assertThat(k.routes(a)).contains(Route.onlink(Cidr.parse("10.244.1.0/24"), Ip.parse("10.244.1.0"), "podnet.1"));
  }

  @Test
  void failuresNameTheRequestTheNamespaceAndTheReason() {
    Netns a = k.ensureNetns(p + "a");
    Route r = Route.via(Cidr.parse("10.244.2.0/24"), Ip.parse("10.9.9.9"), "lo");
    assertThatThrownBy(() -> k.apply(a, List.of(new IpCommand.LinkUp("lo"), new IpCommand.RouteReplace(r))))
        .isInstanceOf(KernelException.class)
        .hasMessageStartingWith("add route 10.244.2.0/24 via 10.9.9.9 dev lo proto 77 in netns " + p + "a: ")
        .hasMessageContaining("gateway");
  }

  @Test
  void deletesOfAbsentObjectsSucceedAndTheRestOfTheBatchStillApplies() {
    Netns a = k.ensureNetns(p + "a");
    k.apply(a, List.of(new IpCommand.LinkDelete("nope"),
        new IpCommand.NeighborDelete(new Neighbor(Ip.parse("10.0.0.9"), new MacAddress("0e:00:00:00:00:01"), "lo")),
        new IpCommand.RouteDelete(Route.direct(Cidr.parse("10.1.0.0/16"), "lo")),
        new IpCommand.LinkUp("lo")));
    assertThat(k.links(a)).anySatisfy(l -> {
      assertThat(l.name()).isEqualTo("lo");
      assertThat(l.up()).isTrue();
    });
    k.deleteNetns(p + "a");
    k.deleteNetns(p + "a");
    assertThat(k.netnsNames()).doesNotContain(p + "a");
  }

  @Test
  void sysctlsAreWrittenInTheNamespaceOnly() {
    Netns a = k.ensureNetns(p + "a");
    String hostBefore = k.sysctl(Netns.host(), "net.ipv4.conf.all.forwarding");
    k.sysctl(a, Map.of("net.ipv4.ip_forward", "1"));
    assertThat(k.sysctl(a, "net.ipv4.ip_forward")).isEqualTo("1");
    assertThat(k.sysctl(Netns.host(), "net.ipv4.conf.all.forwarding")).isEqualTo(hostBefore);
  }

  @Test
  void utsNamespaceHoldsItsOwnHostname() {
    var uts = Uts.ensure(p + "pod", "web-0");
    Netns a = k.ensureNetns(p + "pod");
    Exec.Result r = Exec.run(NamespaceSet.of(a, uts).command(List.of("hostname")), null);
    assertThat(r.stdout().strip()).isEqualTo("web-0");
    Uts.delete(p + "pod");
    assertThat(Uts.names()).doesNotContain(p + "pod");
  }

  @Test
  void aNetnsExecutorsSocketsLiveInItsNamespace() throws Exception {
    Netns a = k.ensureNetns(p + "a");
    k.apply(a, List.of(new IpCommand.LinkUp("lo")));
    try (NetnsExecutor ex = new NetnsExecutor(a, 1);
         java.net.ServerSocket hostSide = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = hostSide.getLocalPort();
      // the host's listener is not reachable from inside the namespace: its loopback is its own
      boolean reached = ex.call(() -> {
        try (java.net.Socket s = new java.net.Socket()) {
          s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
          return true;
        } catch (java.io.IOException e) {
          return false;
        }
      });
      assertThat(reached).isFalse();
      String seen = ex.call(() -> {
        try (java.net.ServerSocket inside = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
          return Exec.run(new NamespaceSet(a, Optional.empty()).command(List.of("ss", "-Hltn", "sport = :" + port)), null).stdout();
        }
      });
      assertThat(seen).contains("127.0.0.1]:" + port);
    }
  }
}

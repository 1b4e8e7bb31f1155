package dev.podnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * NDP answered from user space on the real kernel: two namespaces on a veth pair with IPv6, a
 * responder in {@code node} for an address that is not node's own, and ndisc6 in {@code client}
 * soliciting it, as a host on the LAN resolves a LoadBalancer IP.
 */
@KernelTest
class PacketSocketNdpIT {
  private static final String LB_IP = "fd00::200";
  private final IpKernel k = new IpKernel();
  private final String p = KernelTestSupport.prefix();

  private Netns node;
  private Netns client;
  private MacAddress nodeMac;

  /** Addresses without duplicate address detection: usable at once, as the lab's are. */
  private void lan() {
    node = k.ensureNetns(p + "node");
    client = k.ensureNetns(p + "client");
    k.apply(node, List.of(new IpCommand.LinkAdd(new LinkSpec.Veth("lan0", "lan1", Optional.of(client), 1500))));
    k.sysctl(node, Map.of("net.ipv6.conf.lan0.accept_dad", "0"));
    k.sysctl(client, Map.of("net.ipv6.conf.lan1.accept_dad", "0"));
    k.apply(node, List.of(new IpCommand.LinkUp("lan0"), new IpCommand.AddressReplace("lan0", Cidr.parse("fd00::2/64"))));
    k.apply(client, List.of(new IpCommand.LinkUp("lan1"), new IpCommand.AddressReplace("lan1", Cidr.parse("fd00::fe/64"))));
    nodeMac = k.links(node).stream().filter(l -> l.name().equals("lan0")).findFirst().orElseThrow().mac().orElseThrow();
  }

  private Exec.Result inClient(String... argv) {
    return Exec.run(new NamespaceSet(client, Optional.empty()).command(List.of(argv)), null);
  }

  /** The MACs in the advertisements {@code tries} solicitations from the client got back (ndisc6 stops at the first). */
  private Set<String> ndisc6(int tries) {
    Exec.Result r = inClient("ndisc6", "-1", "-r", Integer.toString(tries), "-w", "400", LB_IP, "lan1");
    Set<String> macs = new TreeSet<>();
    Matcher m = Pattern.compile("Target link-layer address: ([0-9A-Fa-f:]{17})").matcher(r.stdout());
    while (m.find()) {
      macs.add(m.group(1).toLowerCase(Locale.ROOT));
    }
    return macs;
  }

  @Test
  void answersSolicitationsOnlyForHeldAddressesAndNothingOnceClosed() {
    lan();
    NeighborResponder r = Ndp.packetSocket().open(node, "lan0");
    try {
      assertThat(ndisc6(1)).as("not held, and not the node's address: the kernel stays silent too").isEmpty();
      r.answer(Set.of(Ip.parse(LB_IP), Ip.parse("10.250.0.200")));
      assertThat(ndisc6(3)).containsExactly(nodeMac.value());
      assertThat(groups()).as("joined through the IPv6 stack: reported by MLD to a snooping switch").contains("ff02::1:ff00:200");
      r.answer(Set.of(Ip.parse("10.250.0.200")));
      assertThat(ndisc6(1)).as("given up").isEmpty();
      assertThat(groups()).doesNotContain("ff02::1:ff00:200");
      r.answer(Set.of(Ip.parse(LB_IP)));
    } finally {
      r.close();
    }
    assertThat(ndisc6(1)).as("closed: the claim went with the socket").isEmpty();
  }

  /** The IPv6 groups the node's link is a member of. */
  private String groups() {
    return Exec.run(new NamespaceSet(node, Optional.empty()).command(List.of("ip", "-6", "maddr", "show", "dev", "lan0")), null).stdout();
  }

  private String neighbor() {
    return inClient("ip", "-6", "neigh", "show", LB_IP, "dev", "lan1").stdout();
  }

  @Test
  void anUnsolicitedAdvertisementMovesTheClientsStaleNeighborEntry() throws InterruptedException {
    lan();
    Exec.Result stale = inClient("ip", "-6", "neigh", "replace", LB_IP, "lladdr", "0e:00:00:00:00:99", "dev", "lan1", "nud", "stale");
    assertThat(stale.ok()).as(stale.stderr()).isTrue();
    try (NeighborResponder r = Ndp.packetSocket().open(node, "lan0")) {
      r.answer(Set.of(Ip.parse(LB_IP)));
      r.announce(Ip.parse(LB_IP));
      long end = System.nanoTime() + 3_000_000_000L;
      while (!neighbor().contains(nodeMac.value()) && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertThat(neighbor()).contains("lladdr " + nodeMac.value());
    }
  }

  /** The filter is the kernel's: echo requests, the node's own advertisements and other IPv6 never reach the reader. */
  @Test
  void theSocketFilterLetsOnlyNeighborSolicitationsThrough() throws Exception {
    lan();
    List<String> seen = new ArrayList<>();
    PacketSocket socket;
    try (NetnsExecutor in = new NetnsExecutor(node, 1)) {
      socket = in.call(() -> PacketSocket.open("lan0", NdpPacket.ETHERTYPE_IPV6, SocketFilter.neighborSolicitations()));
    }
    try (PacketReader reader = new PacketReader(socket, "ndp-filter-test", f -> {
      synchronized (seen) {
        seen.add(NdpPacket.parse(f.frame(), f.length()).map(n -> n.type() + " " + Ip.text(n.target())).orElse("not NDP"));
      }
    }).start()) {
      Exec.Result ping = inClient("ping", "-6", "-c", "5", "-i", "0.2", "-W", "1", "fd00::2");
      assertThat(ping.ok()).as(ping.stdout() + ping.stderr()).isTrue();
      ndisc6(1);
      Thread.sleep(300);
    }
    synchronized (seen) {
      assertThat(seen).as("the client's solicitations for the node and for the LB IP, nothing else").isNotEmpty()
          .allMatch(s -> s.startsWith("SOLICITATION ")).contains("SOLICITATION " + LB_IP);
    }
  }
}

package dev.podnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ARP answered from user space on the real kernel: two namespaces on a veth pair, a responder in
 * {@code node} for an address that is not node's own, and iputils' arping in {@code client}
 * asking for it, as the lab's outside client does.
 */
@KernelTest
class PacketSocketArpIT {
  private static final String LB_IP = "10.250.0.200";
  private final IpKernel k = new IpKernel();
  private final String p = KernelTestSupport.prefix();

  private Netns node;
  private Netns client;
  private MacAddress nodeMac;

  private void lan() {
    node = k.ensureNetns(p + "node");
    client = k.ensureNetns(p + "client");
    k.apply(node, List.of(new IpCommand.LinkAdd(new LinkSpec.Veth("lan0", "lan1", Optional.of(client), 1500)), new IpCommand.LinkUp("lan0"),
        new IpCommand.AddressReplace("lan0", Cidr.parse("10.250.0.2/24"))));
    k.apply(client, List.of(new IpCommand.LinkUp("lan1"), new IpCommand.AddressReplace("lan1", Cidr.parse("10.250.0.254/24"))));
    nodeMac = k.links(node).stream().filter(l -> l.name().equals("lan0")).findFirst().orElseThrow().mac().orElseThrow();
  }

  /** The MACs that answered {@code count} who-has requests from the client. */
  private Set<String> arping(int count) {
    Exec.Result r = Exec.run(new NamespaceSet(client, Optional.empty()).command(
        List.of("arping", "-c", Integer.toString(count), "-w", Integer.toString(count + 1), "-I", "lan1", LB_IP)), null);
    Set<String> macs = new TreeSet<>();
    Matcher m = Pattern.compile("\\[([0-9A-Fa-f:]{17})\\]").matcher(r.stdout());
    while (m.find()) {
      macs.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
    }
    return macs;
  }

  private String neighbor() {
    return Exec.run(new NamespaceSet(client, Optional.empty()).command(List.of("ip", "neigh", "show", LB_IP, "dev", "lan1")), null).stdout();
  }

  @Test
  void answersWhoHasOnlyForHeldAddressesAndNothingOnceClosed() {
    lan();
    NeighborResponder r = Arp.packetSocket().open(node, "lan0");
    try {
      assertThat(arping(1)).as("not held, and not the node's address: the kernel stays silent too").isEmpty();
      r.answer(Set.of(Ip.parse(LB_IP), Ip.parse("fd00::200")));
      assertThat(arping(3)).containsExactly(nodeMac.value());
      r.answer(Set.of());
      assertThat(arping(1)).as("given up").isEmpty();
      r.answer(Set.of(Ip.parse(LB_IP)));
    } finally {
      r.close();
    }
    assertThat(arping(1)).as("closed: the claim went with the socket").isEmpty();
  }

  @Test
  void aGratuitousArpMovesTheClientsStaleNeighborEntry() throws InterruptedException {
    lan();
    Exec.Result stale = Exec.run(new NamespaceSet(client, Optional.empty()).command(
        List.of("ip", "neigh", "replace", LB_IP, "lladdr", "0e:00:00:00:00:99", "dev", "lan1", "nud", "stale")), null);
    assertThat(stale.ok()).as(stale.stderr()).isTrue();
    try (NeighborResponder r = Arp.packetSocket().open(node, "lan0")) {
      r.answer(Set.of(Ip.parse(LB_IP)));
      r.announce(Ip.parse(LB_IP));
      long end = System.nanoTime() + 3_000_000_000L;
      while (!neighbor().contains(nodeMac.value()) && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertThat(neighbor()).contains("lladdr " + nodeMac.value());
    }
  }

  @Test
  void aLinkThatIsNotThereIsNamedInTheError() {
    node = k.ensureNetns(p + "node");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Arp.packetSocket().open(node, "nope0"))
        .isInstanceOf(KernelException.class).hasMessageContaining("nope0").hasMessageContaining("errno 19");
  }
}

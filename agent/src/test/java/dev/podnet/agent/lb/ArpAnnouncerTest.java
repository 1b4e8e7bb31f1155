package dev.podnet.agent.lb;

import static dev.podnet.agent.lb.LbFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.EventRecorder;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.NeighborResponder;
import dev.podnet.kernel.FakeKernel;
import dev.podnet.kernel.Ip;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Netns;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Three announcers on one recording ARP and NDP, driven through sync(): end state is which node answers for which address. */
class ArpAnnouncerTest {
  private static final String IP = "172.18.255.200";
  private final FakeKernel kernel = new FakeKernel();
  private final NeighborResponder.Recording arp = NeighborResponder.Recording.arp();
  private final NeighborResponder.Recording ndp = NeighborResponder.Recording.ndp();
  private final Set<String> down = ConcurrentHashMap.newKeySet();
  private final List<String> events = new ArrayList<>();
  private final Map<String, ArpAnnouncer> nodes = new HashMap<>();

  /** Liveness by decree: a node in {@code down} is dead to everyone. */
  private Liveness liveness() {
    return new Liveness() {
      @Override
      public boolean isAlive(String node) {
        return !down.contains(node);
      }

      @Override
      public void start(Supplier<Map<String, InetAddress>> peers) {}

      @Override
      public void close() {}
    };
  }

  private void cluster(Service... services) {
    for (int i = 1; i <= 3; i++) {
      String name = "node-" + i;
      Netns.Named ns = kernel.ensureNetns("pn-t-" + name);
      // the fake has no loopback device of its own; a bridge named lo stands in for it
      kernel.apply(ns, List.of(new IpCommand.LinkAdd(new LinkSpec.Bridge("lo", 65536)), new IpCommand.AddressReplace("lo", Cidr.parse("127.0.0.1/8"))));
      EventRecorder recorder = (ref, type, reason, message) -> events.add(name + " " + reason + " " + ref.getName() + ": " + message);
      ArpAnnouncer a = new ArpAnnouncer(name, new ArpAnnouncer.Wiring(kernel, arp, ndp, ns, "eth0", Ip.parse("172.18.0." + (i + 1)), recorder),
          onChange -> liveness());
      for (int j = 1; j <= 3; j++) {
        a.onUpdated(node("node-" + j));
      }
      a.onUpdated(POOL);
      a.onUpdated(POOL_V6);
      a.onUpdated(ALL_NODES);
      for (Service s : services) {
        a.onUpdated(s);
      }
      nodes.put(name, a);
    }
  }

  private List<String> holders(String ip) {
    return holders(ip, arp);
  }

  private List<String> holders(String ip, NeighborResponder.Recording protocol) {
    List<String> out = new ArrayList<>();
    nodes.forEach((name, a) -> {
      a.sync();
      if (protocol.answering("pn-t-" + name + " eth0").contains(ip)) {
        out.add(name);
      }
    });
    return out;
  }

  @Test
  void exactlyOneNodeHoldsTheAddressAndAnnouncesItOnce() throws Exception {
    cluster(lb("web", IP, "Cluster"));
    List<String> holders = holders(IP);
    assertThat(holders).hasSize(1);
    holders(IP);
    Thread.sleep(200); // gratuitous ARP goes out on its own thread
    assertThat(arp.sent()).containsExactly("pn-t-" + holders.get(0) + " eth0 " + IP);
    assertThat(events).containsExactly(holders.get(0) + " nodeAssigned web: announcing from node \"" + holders.get(0) + "\" with protocol \"layer2\"");
  }

  @Test
  void whenTheOwnerDiesTheNextNodeTakesOverWithAGratuitousArp() throws Exception {
    cluster(lb("web", IP, "Cluster"));
    String first = holders(IP).get(0);
    down.add(first);
    nodes.values().forEach(a -> a.onUpdated(node("node-1"))); // any change wakes the sync; here it is run by hand
    List<String> now = new ArrayList<>(holders(IP));
    now.remove(first); // in this test the "dead" node still runs and keeps answering; a real one's socket died with it
    assertThat(now).hasSize(1).doesNotContain(first);
    Thread.sleep(200);
    assertThat(arp.sent()).contains("pn-t-" + now.get(0) + " eth0 " + IP);
  }

  @Test
  void aServiceThatGoesAwayIsWithdrawn() {
    Service web = lb("web", IP, "Cluster");
    cluster(web);
    assertThat(holders(IP)).hasSize(1);
    nodes.values().forEach(a -> a.onDeleted(web));
    assertThat(holders(IP)).isEmpty();
  }

  @Test
  void localTrafficMovesTheAddressToTheNodeWithTheEndpoint() {
    cluster(lb("web", IP, "Local"));
    assertThat(holders(IP)).isEmpty();
    nodes.values().forEach(a -> a.onUpdated(slice("web", "node-2")));
    assertThat(holders(IP)).containsExactly("node-2");
    Node gone = node("node-2", false, Map.of());
    nodes.values().forEach(a -> a.onUpdated(gone));
    assertThat(holders(IP)).isEmpty();
  }

  @Test
  void whenAPeerComesBackTheHolderAnnouncesItsAddressesAgain() throws Exception {
    cluster(lb("web", IP, "Cluster"));
    String holder = holders(IP).get(0);
    String peer = holder.equals("node-1") ? "node-2" : "node-1";
    down.add(peer);
    holders(IP);
    down.remove(peer); // it may have claimed the IP while it could not hear the holder
    assertThat(holders(IP)).containsExactly(holder);
    Thread.sleep(200);
    assertThat(arp.sent().stream().filter(l -> l.equals("pn-t-" + holder + " eth0 " + IP))).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void aClosedAnnouncerAnswersNothing() {
    cluster(lb("web", IP, "Cluster"));
    String holder = holders(IP).get(0);
    nodes.get(holder).close();
    assertThat(arp.answering("pn-t-" + holder + " eth0")).isEmpty();
  }

  @Test
  void claimsAnOlderVersionLeftOnLoAreRemovedAndNothingElseThere() {
    cluster(lb("web", IP, "Cluster"));
    Netns ns = Netns.named("pn-t-node-1");
    // what an older agent left after a kill -9: its claim, plus an address of someone else's
    kernel.apply(ns, List.of(new IpCommand.AddressReplace("lo", Cidr.parse(IP + "/32")), new IpCommand.AddressReplace("lo", Cidr.parse("10.9.0.1/32"))));
    nodes.get("node-1").sync();
    nodes.get("node-1").sync();
    assertThat(kernel.addresses(ns).stream().filter(a -> a.dev().equals("lo")).map(a -> a.address().toString()))
        .containsExactlyInAnyOrder("127.0.0.1/8", "10.9.0.1/32");
  }

  @Test
  void anIpv6AddressIsAnsweredByNdpAndAnnouncedWithAnUnsolicitedAdvertisementAfterATakeover() throws Exception {
    String v6 = "fd00:0:0:0:0:0:0:ff10"; // as the JDK writes it; answered and announced in RFC 5952 text
    cluster(lb("web", IP, "Cluster"), lb("web6", v6, "Cluster"));
    List<String> holders = holders("fd00::ff10", ndp);
    assertThat(holders).hasSize(1);
    assertThat(holders(IP, ndp)).as("NDP answers no IPv4 address").isEmpty();
    assertThat(holders("fd00::ff10", arp)).as("ARP answers no IPv6 address").isEmpty();
    String first = holders.get(0);
    down.add(first);
    nodes.values().forEach(a -> a.onUpdated(node("node-1")));
    List<String> now = new ArrayList<>(holders("fd00::ff10", ndp));
    now.remove(first);
    assertThat(now).hasSize(1);
    Thread.sleep(200);
    assertThat(ndp.sent()).contains("pn-t-" + first + " eth0 fd00::ff10", "pn-t-" + now.get(0) + " eth0 fd00::ff10");
    assertThat(arp.sent()).noneMatch(l -> l.contains("fd00"));
  }
}

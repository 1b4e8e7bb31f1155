package dev.podnet.agent.lb;

import static dev.podnet.agent.lb.LbFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.metallb.IpAddressPool;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class L2ElectionTest {
  private static final List<Node> THREE = List.of(node("node-1"), node("node-2"), node("node-3"));

  /** MetalLB's order, computed independently: the lowest sha256(node#ip) as an unsigned number. */
  private static String metalLbChoice(List<String> nodes, String ip) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    return nodes.stream().min(Comparator.comparing((String n) -> new BigInteger(1, sha.digest((n + "#" + ip).getBytes(StandardCharsets.UTF_8)))))
        .orElseThrow();
  }

  @Test
  void everyIpHasExactlyTheOwnerMetalLbWouldChoose() throws Exception {
    List<Service> services = IntStream.range(0, 40).mapToObj(i -> lb("s" + i, "172.18.255." + (200 + i), "Cluster")).toList();
    Map<String, String> owners = L2Election.owners(inputs(services, List.of(), THREE), n -> true);
    assertThat(owners).hasSize(40);
    for (int i = 0; i < 40; i++) {
      String ip = "172.18.255." + (200 + i);
      assertThat(owners.get(ip)).as(ip).isEqualTo(metalLbChoice(List.of("node-1", "node-2", "node-3"), ip));
    }
    assertThat(owners.values()).contains("node-1", "node-2", "node-3");
  }

  @Test
  void aDeadOrNotReadyOwnerIsReplacedByTheNextInOrder() throws Exception {
    String ip = "172.18.255.200";
    L2Inputs in = inputs(List.of(lb("web", ip, "Cluster")), List.of(), THREE);
    String first = L2Election.owners(in, n -> true).get(ip);
    List<String> rest = THREE.stream().map(n -> n.getMetadata().getName()).filter(n -> !n.equals(first)).toList();
    assertThat(L2Election.owners(in, n -> !n.equals(first)).get(ip)).isEqualTo(metalLbChoice(rest, ip));
    List<Node> notReady = THREE.stream().map(n -> n.getMetadata().getName().equals(first) ? node(first, false, Map.of()) : n).toList();
    assertThat(L2Election.owners(inputs(List.of(lb("web", ip, "Cluster")), List.of(), notReady), n -> true).get(ip))
        .isEqualTo(metalLbChoice(rest, ip));
  }

  @Test
  void withLocalTrafficOnlyNodesWithAReadyEndpointAnnounce() {
    Service web = lb("web", "172.18.255.200", "Local");
    assertThat(L2Election.owners(inputs(List.of(web), List.of(slice("web", "node-3")), THREE), n -> true))
        .containsExactly(Map.entry("172.18.255.200", "node-3"));
    assertThat(L2Election.owners(inputs(List.of(web), List.of(slice("web")), THREE), n -> true)).isEmpty();
  }

  @Test
  void nodeSelectorsAndTheExclusionLabelNarrowTheCandidates() {
    List<Node> nodes = List.of(node("node-1", true, Map.of("lb", "yes")), node("node-2", true, Map.of("lb", "yes",
        "node.kubernetes.io/exclude-from-external-load-balancers", "")), node("node-3"));
    L2Inputs in = new L2Inputs(List.of(lb("web", "172.18.255.201", "Cluster")), List.of(), nodes, List.of(POOL),
        List.of(advertisement(List.of(new LabelSelectorBuilder().addToMatchLabels("lb", "yes").build()))));
    assertThat(L2Election.owners(in, n -> true)).containsExactly(Map.entry("172.18.255.201", "node-1"));
  }

  @Test
  void ipsOutsideEveryPoolOrOfAnotherClassAreNotAnnounced() {
    Service foreign = lb("foreign", "172.18.255.202", "Cluster");
    foreign.getSpec().setLoadBalancerClass("example.com/other");
    L2Inputs in = new L2Inputs(List.of(lb("far", "10.9.9.9", "Cluster"), foreign), List.of(), THREE, List.<IpAddressPool>of(POOL),
        List.of(ALL_NODES));
    assertThat(L2Election.owners(in, n -> true)).isEmpty();
  }

  @Test
  void ipv6AddressesAreHashedInRfc5952TextAsMetalLbHashesThem() throws Exception {
    List<String> names = List.of("node-1", "node-2", "node-3");
    List<Service> services = IntStream.range(0, 30).mapToObj(i -> lb("s" + i, "fd00:0:0:0:0:0:0:ff" + Integer.toHexString(16 + i), "Cluster"))
        .toList();
    Map<String, String> owners = L2Election.owners(new L2Inputs(services, List.of(), THREE, List.of(POOL_V6), List.of(ALL_NODES)), n -> true);
    assertThat(owners).hasSize(30);
    int differ = 0;
    for (int i = 0; i < 30; i++) {
      String go = "fd00::ff" + Integer.toHexString(16 + i); // Go's net.IP.String(), MetalLB's hash input
      assertThat(owners.get(go)).as(go).isEqualTo(metalLbChoice(names, go));
      differ += metalLbChoice(names, go).equals(metalLbChoice(names, "fd00:0:0:0:0:0:0:ff" + Integer.toHexString(16 + i))) ? 0 : 1;
    }
    assertThat(differ).as("the JDK's long form would pick other nodes for some IPs").isPositive();
  }
}

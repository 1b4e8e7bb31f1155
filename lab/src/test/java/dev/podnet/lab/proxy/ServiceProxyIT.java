package dev.podnet.lab.proxy;

import static dev.podnet.lab.proxy.ProxyLab.await;
import static dev.podnet.lab.proxy.ProxyLab.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.agent.proxy.ServiceProxy;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.Nft;
import dev.podnet.lab.LabNode;
import dev.podnet.lab.Sandbox;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The service proxy on the real kernel: 3 nodes, socat pods, one ServiceProxy per node. */
@KernelTest
class ServiceProxyIT {
  private static final String WEB_IP = "10.96.0.20";

  @Test
  void clusterIpNodePortHairpinAffinityRejectAndRepairOnTheRealKernel() {
    try (ProxyLab pl = new ProxyLab(3)) {
      List<Sandbox> servers = List.of(pl.tcpServer(0, "s0", 8080), pl.tcpServer(1, "s1", 8080), pl.tcpServer(2, "s2", 8080));
      Sandbox c0 = pl.lab.createPod(pl.node(0), "default", "c0");
      Sandbox c1 = pl.lab.createPod(pl.node(1), "default", "c1");
      pl.apply(service("web", WEB_IP, "TCP", 80).editSpec().withType("NodePort").editFirstPort().withNodePort(30080).endPort().endSpec().build(),
          slice(pl, "web", "TCP", 8080, servers));
      pl.apply(service("empty", "10.96.0.21", "TCP", 80).build());
      pl.apply(service("sticky", "10.96.0.22", "TCP", 80).editSpec().withSessionAffinity("ClientIP").endSpec().build(),
          slice(pl, "sticky", "TCP", 8080, servers));

      for (Sandbox client : List.of(c0, c1)) {
        assertThat(reachedServers(client, WEB_IP, 80, 40)).as("servers reached from %s", client.podName()).containsExactlyInAnyOrder("s0", "s1", "s2");
      }
      // hairpin: s1 reaches itself through its own ClusterIP
      assertThat(reachedServers(servers.get(1), WEB_IP, 80, 40)).contains("s1");
      // NodePort on every node's IP, from a pod and from another node
      for (LabNode n : pl.lab.nodes()) {
        String ip = n.info().lanAddress().getHostAddress();
        assertThat(tcp(c0, ip, 30080).stdout()).as("pod -> %s:30080", ip).matches("s[012] from=.*\n");
        Exec.Result fromNode = pl.node((pl.lab.nodes().indexOf(n) + 1) % 3).run("socat", "-T", "3", "-t", "2", "/dev/null", "TCP:" + ip + ":30080");
        assertThat(fromNode.exitCode()).as("node -> %s:30080: %s", ip, fromNode.stderr()).isZero();
      }
      noEndpointsIsRefusedFast(c0);
      healthCheckNodePortCountsOnlyThisNodesReadyEndpoints(pl, c1, servers.get(0));
      Set<String> sticky = new HashSet<>();
      for (int i = 0; i < 10; i++) {
        sticky.add(tcp(c1, "10.96.0.22", 80).stdout().split(" ")[0]);
      }
      assertThat(sticky).as("ClientIP affinity").hasSize(1);
      resyncRepairsADeletedTableAndOtherwiseWritesNothing(pl, c0);
    }
  }

  /** Every reply names the server and shows the client's own pod IP: no SNAT for pod -> ClusterIP (except hairpin). */
  private static Set<String> reachedServers(Sandbox client, String ip, int port, int tries) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tries && seen.size() < 3; i++) {
      Exec.Result r = tcp(client, ip, port);
      assertThat(r.exitCode()).as("%s -> %s:%d: %s", client.podName(), ip, port, r.stderr()).isZero();
      String[] words = r.stdout().strip().split(" ");
      if (!words[0].equals(client.podName())) {
        assertThat(words[1]).as("source seen by %s", words[0]).isEqualTo("from=" + client.ip().getHostAddress());
      }
      seen.add(words[0]);
    }
    return seen;
  }

  private static void healthCheckNodePortCountsOnlyThisNodesReadyEndpoints(ProxyLab pl, Sandbox client, Sandbox onNode0) {
    pl.apply(service("loc", "10.96.0.23", "TCP", 80).editSpec().withType("NodePort").withExternalTrafficPolicy("Local")
        .withHealthCheckNodePort(31001).editFirstPort().withNodePort(30081).endPort().endSpec().build(),
        slice(pl, "loc", "TCP", 8080, List.of(onNode0)));
    String get = "GET /healthz HTTP/1.0\r\n\r\n";
    String n0 = pl.node(0).info().lanAddress().getHostAddress();
    String n1 = pl.node(1).info().lanAddress().getHostAddress();
    Exec.Result has = client.run(List.of("socat", "-T", "3", "-t", "2", "-", "TCP:" + n0 + ":31001"), get);
    assertThat(has.stdout()).startsWith("HTTP/1.1 200").contains("{\"service\":{\"namespace\":\"default\",\"name\":\"loc\"},\"localEndpoints\":1,");
    Exec.Result none = client.run(List.of("socat", "-T", "3", "-t", "2", "-", "TCP:" + n1 + ":31001"), get);
    assertThat(none.stdout()).startsWith("HTTP/1.1 503").contains("\"localEndpoints\":0,");
    assertThat(tcp(client, n0, 30081).stdout()).as("eTP=Local NodePort keeps the source").isEqualTo("s0 from=" + client.ip().getHostAddress() + "\n");
  }

  private static void noEndpointsIsRefusedFast(Sandbox client) {
    long start = System.nanoTime();
    Exec.Result r = tcp(client, "10.96.0.21", 80);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("Connection refused");
    assertThat(took).isLessThan(Duration.ofSeconds(2));
  }

  private static void resyncRepairsADeletedTableAndOtherwiseWritesNothing(ProxyLab pl, Sandbox c0) {
    ServiceProxy p0 = pl.proxies.get(0);
    p0.syncNow();
    int before = p0.transactions();
    p0.syncNow();
    p0.syncNow();
    assertThat(p0.transactions()).as("transactions of resyncs that found the table right").isEqualTo(before);
    Nft.tool().deleteTable(pl.node(0).netns(), "ip", "podnet");
    Duration took = await("table repaired by the periodic resync", Duration.ofSeconds(10),
        () -> Nft.tool().list(pl.node(0).netns(), "ip", "podnet").isPresent());
    System.out.println("proxy repaired a deleted table in " + took.toMillis() + " ms");
    assertThat(tcp(c0, WEB_IP, 80).stdout()).startsWith("s");
  }

  @Test
  void udpFlowFromAFixedSourcePortMovesToTheNewEndpointWhenTheOldOneGoes() {
    try (ProxyLab pl = new ProxyLab(3)) {
      Sandbox u1 = pl.udpServer(1, "u1", 5353);
      Sandbox u2 = pl.udpServer(2, "u2", 5353);
      Sandbox c0 = pl.lab.createPod(pl.node(0), "default", "c0");
      pl.apply(service("dns", "10.96.0.53", "UDP", 53).build(), slice(pl, "dns", "UDP", 5353, List.of(u1)));
      assertThat(udp(c0)).isEqualTo("u1");
      assertThat(udp(c0)).isEqualTo("u1");
      pl.apply(service("dns", "10.96.0.53", "UDP", 53).build(), slice(pl, "dns", "UDP", 5353, List.of(u2)));
      String after = udp(c0);
      assertThat(after).as("same 5-tuple after u1 left the slice").isEqualTo("u2");
    }
  }

  /**
   * One datagram from the fixed source port 12345, so every call is the same conntrack 5-tuple.
   * A lost datagram (seen now and then on the first packet of a flow) is resent, from the same port.
   */
  private static String udp(Sandbox c) {
    for (int i = 0; i < 5; i++) {
      Exec.Result r = c.run(List.of("socat", "-T", "1", "-", "UDP:10.96.0.53:53,sourceport=12345,reuseaddr"), "q\n");
      if (!r.stdout().isBlank()) {
        return r.stdout().strip();
      }
    }
    return "";
  }

  static ServiceBuilder service(String name, String ip, String proto, int port) {
    return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP(ip).withClusterIPs(ip)
        .addNewPort().withName("p").withProtocol(proto).withPort(port).endPort().endSpec();
  }

  static EndpointSlice slice(ProxyLab pl, String svc, String proto, int port, List<Sandbox> pods) {
    List<Endpoint> eps = pods.stream().map(s -> new EndpointBuilder().withAddresses(s.ip().getHostAddress())
        .withNodeName(pl.nodeOf(s)).withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions().build()).toList();
    return new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName(svc + "-1")
        .addToLabels("kubernetes.io/service-name", svc).endMetadata().withAddressType("IPv4")
        .addNewPort().withName("p").withProtocol(proto).withPort(port).endPort().withEndpoints(eps).build();
  }

}

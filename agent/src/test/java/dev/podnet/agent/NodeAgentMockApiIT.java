package dev.podnet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.client.ApiConnection;
import dev.podnet.client.ApiStore;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.KernelTestSupport;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Netns;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node agent against fabric8's mock API server (CRUD mode), a stand-in for a real cluster:
 * it programs a test namespace, "the host", with routes to the other Nodes' pod CIDRs and nft
 * rules for the Services the mock holds, and follows changes.
 */
@KernelTest
@EnableKubernetesMockClient(crud = true)
class NodeAgentMockApiIT {
  static KubernetesMockServer server;
  static KubernetesClient client;
  private final IpKernel kernel = new IpKernel();
  private final String host = KernelTestSupport.prefix() + "host";
  @TempDir
  Path state;

  private static Node node(String name, String ip, String podCidr) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withPodCIDR(podCidr).endSpec()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip).endAddress().endStatus().build();
  }

  @Test
  void programsRoutesAndServiceRulesForWhatTheApiHolds() {
    Netns ns = kernel.ensureNetns(host);
    Netns lan = kernel.ensureNetns(KernelTestSupport.prefix() + "lan"); // the other end of the host's cable
    kernel.apply(ns, List.of(new IpCommand.LinkAdd(new LinkSpec.Veth("uplink0", "peer0", java.util.Optional.of(lan), 1500)),
        new IpCommand.LinkUp("uplink0"), new IpCommand.LinkUp("lo"), new IpCommand.AddressReplace("uplink0", Cidr.parse("172.31.0.2/24"))));
    kernel.apply(lan, List.of(new IpCommand.LinkUp("peer0")));
    client.nodes().resource(node("host-1", "172.31.0.2", "10.244.0.0/24")).create();
    client.nodes().resource(node("host-2", "172.31.0.3", "10.244.1.0/24")).create();
    client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP("10.96.0.50").withClusterIPs("10.96.0.50").addNewPort().withName("http")
        .withProtocol("TCP").withPort(80).endPort().endSpec().build()).create();
    client.resource(new EndpointSliceBuilder().withNewMetadata().withName("web-abc").withNamespace("default")
        .addToLabels("kubernetes.io/service-name", "web").endMetadata().withAddressType("IPv4").addNewPort().withName("http").withProtocol("TCP")
        .withPort(8080).endPort().addNewEndpoint().withAddresses("10.244.1.7").withNodeName("host-2").withNewConditions().withReady(true)
        .withServing(true).withTerminating(false).endConditions().endEndpoint().build()).create();

    ApiStore api = ApiStore.connect(ApiConnection.of(client.getConfiguration(), "the mock server"));
    AgentConfig config = new AgentConfig("host-1", ns, "host-gw", "", 1500, state, Cidr.parse("10.244.0.0/16"), Cidr.parse("10.96.0.0/12"),
        Duration.ofSeconds(10));
    try (NodeAgent agent = NodeAgent.start(api, config, kernel, Duration.ofSeconds(20))) {
      assertThat(agent.self().podCidr()).isEqualTo(Cidr.parse("10.244.0.0/24"));
      await(() -> run("ip", "route", "show", "10.244.1.0/24"), "via 172.31.0.3 dev uplink0");
      await(() -> run("nft", "list", "table", "ip", "podnet"), "10.96.0.50");
      await(() -> run("nft", "list", "table", "ip", "podnet"), "10.244.1.7");

      client.nodes().resource(node("host-3", "172.31.0.4", "10.244.2.0/24")).create();
      await(() -> run("ip", "route", "show", "10.244.2.0/24"), "via 172.31.0.4 dev uplink0");
      client.nodes().withName("host-2").delete();
      await(() -> run("ip", "route", "show", "10.244.1.0/24").isEmpty() ? "gone" : "", "gone");
      client.services().inNamespace("default").withName("web").delete();
      await(() -> run("nft", "list", "table", "ip", "podnet").contains("10.96.0.50") ? "" : "gone", "gone");
    }
  }

  private String run(String... argv) {
    return Exec.run(concat(Netns.named(host).nsenter(), argv), null).stdout().strip();
  }

  private static List<String> concat(List<String> nsenter, String... argv) {
    List<String> out = new java.util.ArrayList<>(List.of("nsenter"));
    out.addAll(nsenter);
    out.add("--");
    out.addAll(List.of(argv));
    return out;
  }

  private static void await(Supplier<String> probe, String expected) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      last = probe.get();
      if (last.contains(expected)) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    assertThat(last).as("waited 20 s").contains(expected);
  }
}

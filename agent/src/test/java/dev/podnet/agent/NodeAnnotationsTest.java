package dev.podnet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Resources;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Netns;
import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeAnnotationsTest {
  private final MemoryStore api = new MemoryStore();

  private static AgentConfig config(Datapath d) {
    return new AgentConfig("node-1", Netns.host(), "vxlan", "", 1450, Path.of("/tmp"), Cidr.parse("10.244.0.0/16"), Cidr.parse("10.96.0.0/12"),
        Duration.ofSeconds(10)).withDatapath(d, "t");
  }

  private Node node() {
    return api.get(Resources.NODES, "", "node-1");
  }

  @Test
  void theNodeNamesItsDatapathAndRoutingBesideOtherAnnotationsAndARestartWritesNothing() {
    api.create(new NodeBuilder().withNewMetadata().withName("node-1").addToAnnotations("keep", "me").endMetadata().build());
    NodeAnnotations.ensure(api, "node-1", NodeAnnotations.of(config(Datapath.EBPF)));
    assertThat(node().getMetadata().getAnnotations()).containsEntry("podnet.dev/datapath", "ebpf").containsEntry("podnet.dev/routing", "vxlan")
        .containsEntry("keep", "me");
    String rv = node().getMetadata().getResourceVersion();
    NodeAnnotations.ensure(api, "node-1", NodeAnnotations.of(config(Datapath.EBPF)));
    assertThat(node().getMetadata().getResourceVersion()).isEqualTo(rv);
    NodeAnnotations.ensure(api, "node-1", NodeAnnotations.of(config(Datapath.NFTABLES)));
    assertThat(node().getMetadata().getAnnotations()).containsEntry("podnet.dev/datapath", "nftables");
  }
}

package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.KernelTest;
import org.junit.jupiter.api.Test;

/** {@code podnet trace} on a host-gw cluster: across nodes the packet is routed over the LAN, with no encapsulation hop. */
@KernelTest
class TraceHostGwIT extends TraceChecks {
  TraceHostGwIT() {
    super("host-gw", "th");
  }

  @Test
  void podToPodAcrossNodesIsRoutedToTheOtherNodeWithoutEncapsulation() {
    JsonNode t = trace("a", "b", "--port", "8080");
    assertThat(t.path("verdict").asText()).isEqualTo("delivered");
    assertThat(kinds(t)).doesNotContain("vxlan");
    assertThat(path(t, "request")).containsExactly("pod/a", "node/node-1", "node/node-2", "pod/b");
    JsonNode leaving = hops(t, "request").stream().filter(h -> h.path("namespace").asText().endsWith("-node-1") && h.path("kind").asText().equals("route"))
        .findFirst().orElseThrow();
    assertThat(leaving.path("device").asText()).isEqualTo("eth0");
    assertThat(leaving.path("decision").asText()).contains("via 172.18.0.");
  }

  @Test
  void podToClusterIpAcrossNodesNamesTheServiceWithoutEncapsulation() {
    JsonNode t = trace("a", "svc/hello");
    assertThat(t.path("verdict").asText()).isEqualTo("delivered");
    assertThat(first(t, "dnat").path("comment").asText()).isEqualTo("default/hello:80");
    assertThat(kinds(t)).doesNotContain("vxlan");
  }
}

package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.KernelTest;
import org.junit.jupiter.api.Test;

/**
 * {@code podnet trace} with {@code --datapath ebpf}: a pod's connection to a ClusterIP is
 * translated once, at connect(), by the socket program attached to its node's pod cgroup (issue
 * 16), so the trace shows that translation in the pod and no DNAT anywhere; NodePorts stay with
 * nftables and still show their DNAT.
 */
@KernelTest
class TraceEbpfIT extends TraceChecks {
  TraceEbpfIT() {
    super("vxlan", "ebpf", "te");
  }

  @Test
  void podToClusterIpIsTranslatedAtTheSocketByConnect4NotByADnat() {
    String clusterIp = podnet.get("svc", "hello").path("spec").path("clusterIP").asText();
    JsonNode t = trace("a", "svc/hello");
    assertThat(t.path("verdict").asText()).isEqualTo("delivered");
    JsonNode socket = first(t, "socket");
    assertThat(socket.path("n").asInt()).isEqualTo(1);
    assertThat(socket.path("namespace").asText()).endsWith("-default.a");
    assertThat(socket.path("decision").asText()).contains("connect() to " + clusterIp + ":80").contains("cgroup/connect4 program podnet_connect4")
        .contains("podnet-" + podnet.cluster + "/node-1").contains("pod default/b " + ipB + ":8080");
    assertThat(socket.path("comment").asText()).isEqualTo("default/hello:80");
    assertThat(socket.path("dst").asText()).isEqualTo(clusterIp + ":80");
    assertThat(socket.path("dstAfter").asText()).isEqualTo(ipB + ":8080");
    assertThat(kinds(t)).doesNotContain("dnat", "snat");
    // the packets themselves never carried the ClusterIP: every hop after the socket is to or from the endpoint
    hops(t, "request").stream().skip(1).forEach(h -> assertThat(h.path("dst").asText()).isEqualTo(ipB + ":8080"));
    hops(t, "reply").forEach(h -> assertThat(h.path("src").asText()).isEqualTo(ipB + ":8080"));
    assertThat(path(t, "request")).containsExactly("pod/a", "node/node-1", "node/node-2", "pod/b");
    assertThat(path(t, "reply")).containsExactly("pod/b", "node/node-2", "node/node-1", "pod/a");
  }

  @Test
  void podToServiceWithoutEndpointsIsRefusedAtTheSocketBeforeAnyPacket() {
    JsonNode t = trace("a", "svc/empty");
    assertThat(t.path("verdict").asText()).isEqualTo("rejected");
    assertThat(kinds(t)).containsExactly("reject");
    JsonNode reject = first(t, "reject");
    assertThat(reject.path("namespace").asText()).endsWith("-default.a");
    assertThat(reject.path("comment").asText()).isEqualTo("default/empty:80");
    assertThat(reject.path("decision").asText()).contains("refused by cgroup/connect4 program podnet_connect4")
        .contains("default/empty:80 has no ready endpoint");
  }

  @Test
  void nodeToNodePortIsStillDnatedByNftables() {
    JsonNode t = trace("node/node-1", "node/node-3", "--port", "30080");
    assertThat(t.path("verdict").asText()).isEqualTo("delivered");
    assertThat(kinds(t)).doesNotContain("socket");
    JsonNode dnat = first(t, "dnat");
    assertThat(dnat.path("namespace").asText()).endsWith("-node-3");
    assertThat(dnat.path("dstAfter").asText()).isEqualTo(ipB + ":8080");
  }
}

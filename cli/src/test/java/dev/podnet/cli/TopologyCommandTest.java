package dev.podnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyCommandTest {
  private static final String NODE = "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"node-1\"},\"spec\":{\"podCIDR\":\"10.244.0.0/24\"},"
      + "\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"172.18.0.2\"}],\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";
  private static final String POD = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"namespace\":\"default\"},"
      + "\"spec\":{\"nodeName\":\"node-1\",\"containers\":[{\"name\":\"c\",\"image\":\"podnet/pause\"}]},\"status\":{\"podIP\":\"10.244.0.5\"}}";
  private static final String SVC = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"hello\",\"namespace\":\"default\"},"
      + "\"spec\":{\"clusterIP\":\"10.96.0.20\",\"ports\":[{\"port\":80}]}}";
  private final FakeApi api = new FakeApi().with(NODE).with(POD).with(SVC)
      .answer(TopologyOutput.CLUSTER_PATH, "{\"name\":\"lab\",\"outside\":{\"address\":\"172.18.0.254\",\"netns\":\"/run/netns/pn-lab-outside\"}}");

  @Test
  void getTopologyAsJsonHasTheClustersObjectsAndTheOutsideClientsAddress() {
    Invocation r = Invocation.run(api, "--name", "lab", "get", "topology", "-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    var json = Fixtures.json(r.out());
    assertThat(json.path("cluster").asText()).isEqualTo("lab");
    assertThat(json.path("nodes").get(0).path("internalIP").asText()).isEqualTo("172.18.0.2");
    assertThat(json.path("pods").get(0).path("node").asText()).isEqualTo("node-1");
    assertThat(json.path("services").get(0).path("clusterIP").asText()).isEqualTo("10.96.0.20");
    assertThat(json.path("outside").path("address").asText()).isEqualTo("172.18.0.254");
  }

  @Test
  void getTopologyDefaultsToGraphvizDot() {
    Invocation r = Invocation.run(api, "get", "topology");
    assertThat(r.out()).startsWith("digraph podnet {").contains("\"pod/default/a\" -> \"node/node-1\"").contains("svc default/hello");
  }

  @Test
  void anUnknownFormatSaysWhichOnesExist() {
    Invocation r = Invocation.run(api, "get", "topology", "-o", "png");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("use -o dot, svg or json");
  }

  @Test
  void mapIdsBecomePodnetTraceArguments() {
    assertThat(TraceProcess.target("pod/default/a")).isEqualTo("pod/default/a");
    assertThat(TraceProcess.target("svc/kube-system/kube-dns")).isEqualTo("svc/kube-dns.kube-system");
    assertThat(TraceProcess.target("lb/172.18.255.200")).isEqualTo("172.18.255.200");
    assertThat(TraceProcess.target("node/node-1")).isEqualTo("node/node-1");
    List<String> command = new TraceProcess("lab").command("pod/default/a", "svc/default/hello");
    assertThat(command.subList(command.indexOf("--name"), command.size()))
        .containsExactly("--name", "lab", "trace", "pod/default/a", "svc/hello.default", "-o", "json");
  }
}

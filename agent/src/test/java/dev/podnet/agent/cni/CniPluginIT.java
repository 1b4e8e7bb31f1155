package dev.podnet.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.cni.CniCommand;
import dev.podnet.cni.CniHandler;
import dev.podnet.cni.CniRequest;
import dev.podnet.cni.CniResponse;
import dev.podnet.cni.NodeNetwork;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.KernelTestSupport;
import dev.podnet.kernel.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@KernelTest
class CniPluginIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Cidr POD_CIDR = Cidr.parse("10.213.7.0/29");
  static final String GATEWAY = "10.213.7.1";

  final IpKernel kernel = new IpKernel();
  final String prefix = KernelTestSupport.prefix();
  final String node = prefix + "node";
  @TempDir
  Path dir;
  Path leases;
  CniHandler handler;
  CniServer server;

  @BeforeEach
  void startAgent() {
    Netns nodeNs = kernel.ensureNetns(node);
    leases = dir.resolve("leases");
    handler = new CniHandler(kernel, nodeNs, new NodeNetwork("cni0", POD_CIDR, 1500), leases);
    server = new CniServer(dir.resolve("cni.sock"), handler).start();
  }

  @AfterEach
  void stopAgent() {
    server.close();
  }

  /** The executable under test; {@link CniPluginJavaIT} runs the same tests on the reference. */
  Launcher plugin() {
    return Launcher.C;
  }

  String conf(String version) {
    return "{\"cniVersion\":\"" + version + "\",\"name\":\"podnet\",\"type\":\"podnet-cni\",\"socket\":\"" + server.socket() + "\"}";
  }

  /** The environment a runtime sets, with the unknown CNI_ARGS keys Kubernetes always sends. */
  static Map<String, String> env(String command, String id, String netns) {
    return new CniRequest(CniCommand.valueOf(command), id, netns, "eth0", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0",
        "/opt/cni/bin", "").toEnv();
  }

  String sandbox(String name) {
    return kernel.ensureNetns(prefix + name).path().toString();
  }

  long leaseCount() throws Exception {
    if (!Files.isDirectory(leases)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(leases)) {
      return s.filter(p -> !p.getFileName().toString().equals("lock")).count();
    }
  }

  static JsonNode json(CniResponse r) throws Exception {
    return JSON.readTree(r.stdout());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0.0", "1.1.0"})
  void addGivesAPodThatPingsItsGatewayAndDelRemovesIt(String version) throws Exception {
    String netns = sandbox("pod");
    CniResponse add = plugin().run(env("ADD", "c1", netns), conf(version));

    assertThat(add.exitCode()).as(add.stdout()).isZero();
    JsonNode result = json(add);
    assertThat(POD_CIDR.contains(Cidr.parse(result.at("/ips/0/address").asText()).address())).isTrue();
    assertThat(result.at("/interfaces/2").has("mtu")).isEqualTo(version.equals("1.1.0"));
    Exec.Result ping = Exec.run(List.of("ip", "netns", "exec", prefix + "pod", "ping", "-c1", "-W2", GATEWAY), null);
    assertThat(ping.ok()).as(ping.stdout() + ping.stderr()).isTrue();

    String check = conf(version).replace("}", ",\"prevResult\":" + result + "}");
    assertThat(plugin().run(env("CHECK", "c1", netns), check)).isEqualTo(CniResponse.EMPTY);
    assertThat(plugin().run(env("ADD", "c1", netns), conf(version)).exitCode()).as("second ADD").isEqualTo(1);

    assertThat(plugin().run(env("DEL", "c1", netns), check)).isEqualTo(CniResponse.EMPTY);
    assertThat(plugin().run(env("DEL", "c1", netns), check)).isEqualTo(CniResponse.EMPTY);
    assertThat(plugin().run(env("CHECK", "c1", netns), check).exitCode()).isEqualTo(1);
    assertThat(Launcher.ip(node, "-br", "link")).doesNotContain("veth");
    assertThat(Launcher.ip(prefix + "pod", "-br", "link")).doesNotContain("eth0");
    assertThat(leaseCount()).isZero();
  }

  @Test
  void badRequestsGetTheirSpecCodesThroughTheExecutable() throws Exception {
    String netns = sandbox("pod");
    Map<String, String> noId = env("ADD", "c1", netns);
    noId.remove("CNI_CONTAINERID");

    assertThat(json(plugin().run(noId, conf("1.1.0"))).path("code").asInt()).isEqualTo(4);
    assertThat(json(plugin().run(noId, conf("1.1.0"))).path("msg").asText()).contains("CNI_CONTAINERID");
    assertThat(plugin().run(env("ADD", "c1", netns), "{\"cniVersion\":").errorCode()).isEqualTo(6);
    assertThat(plugin().run(env("ADD", "c1", netns), conf("0.2.0")).errorCode()).isEqualTo(1);
    CniResponse gone = plugin().run(env("ADD", "c1", "/run/netns/" + prefix + "absent"), conf("1.1.0"));
    assertThat(gone.errorCode()).isEqualTo(4);
    assertThat(json(gone).path("msg").asText()).contains("CNI_NETNS");
    assertThat(plugin().run(env("GC", "", ""), conf("1.0.0")).errorCode()).isEqualTo(1);
    assertThat(plugin().run(env("STATUS", "", ""), conf("1.0.0")).errorCode()).isEqualTo(1);
    CniResponse version = plugin().run(Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"1.0.0\"}");
    assertThat(json(version).path("supportedVersions").toString()).isEqualTo("[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]");
    assertThat(leaseCount()).isZero();
  }

  @Test
  void addRefusesAnInterfaceNameThePodAlreadyHasAndUndoesItself() throws Exception {
    String netns = sandbox("pod");
    Exec.run(List.of("ip", "-n", prefix + "pod", "link", "add", "eth0", "type", "bridge"), null);

    CniResponse add = plugin().run(env("ADD", "c1", netns), conf("1.1.0"));

    assertThat(add.exitCode()).isEqualTo(1);
    assertThat(json(add).path("msg").asText()).contains("interface eth0 already exists");
    assertThat(leaseCount()).isZero();
    assertThat(Launcher.ip(node, "-br", "link")).doesNotContain("veth");
  }

  @Test
  void exhaustedPoolIsTryAgainLaterAndStatusSaysNotAvailable() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(handler.handle(request(CniCommand.ADD, "c" + i, sandbox("p" + i), conf("1.1.0"))).ok()).isTrue();
    }
    CniResponse sixth = plugin().run(env("ADD", "c5", sandbox("p5")), conf("1.1.0"));

    assertThat(sixth.errorCode()).isEqualTo(11);
    assertThat(json(sixth).path("msg").asText()).contains("10.213.7.2-10.213.7.6 of 10.213.7.0/29");
    assertThat(plugin().run(env("STATUS", "", ""), conf("1.1.0")).errorCode()).isEqualTo(50);
    assertThat(Launcher.ip(prefix + "p5", "-br", "link")).doesNotContain("eth0");
  }

  @Test
  void gcRemovesWhatNoValidAttachmentOwns() throws Exception {
    plugin().run(env("ADD", "keep", sandbox("a")), conf("1.1.0"));
    plugin().run(env("ADD", "stale", sandbox("b")), conf("1.1.0"));
    kernel.deleteNetns(prefix + "b");
    String gc = conf("1.1.0").replace("}", ",\"cni.dev/valid-attachments\":[{\"containerID\":\"keep\",\"ifname\":\"eth0\"}]}");

    assertThat(plugin().run(env("GC", "", ""), gc)).isEqualTo(CniResponse.EMPTY);
    assertThat(leaseCount()).isEqualTo(1);
    assertThat(Launcher.ip(node, "-br", "link").lines().filter(l -> l.startsWith("veth")).count()).isEqualTo(1);
    assertThat(plugin().run(env("STATUS", "", ""), conf("1.1.0"))).isEqualTo(CniResponse.EMPTY);
  }

  @Test
  void delSucceedsWithAnEmptyNetnsAndAfterTheNetnsIsGone() throws Exception {
    String netns = sandbox("pod");
    assertThat(plugin().run(env("ADD", "c1", netns), conf("1.0.0")).ok()).isTrue();
    assertThat(plugin().run(env("ADD", "c2", sandbox("pod2")), conf("1.0.0")).ok()).isTrue();
    kernel.deleteNetns(prefix + "pod");

    assertThat(plugin().run(env("DEL", "c1", netns), conf("1.0.0"))).isEqualTo(CniResponse.EMPTY);
    assertThat(plugin().run(env("DEL", "c2", ""), conf("1.0.0"))).isEqualTo(CniResponse.EMPTY);
    assertThat(plugin().run(env("DEL", "never", ""), conf("1.0.0"))).isEqualTo(CniResponse.EMPTY);
    assertThat(leaseCount()).isZero();
    assertThat(Launcher.ip(node, "-br", "link")).doesNotContain("veth");
  }

  @Test
  void unreachableAgentIsTryAgainLaterAndStatusNotAvailable() throws Exception {
    String netns = sandbox("pod");
    server.close();

    assertThat(plugin().run(env("ADD", "c1", netns), conf("1.1.0")).errorCode()).isEqualTo(11);
    assertThat(plugin().run(env("DEL", "c1", netns), conf("1.1.0")).errorCode()).isEqualTo(11);
    assertThat(plugin().run(env("STATUS", "", ""), conf("1.1.0")).errorCode()).isEqualTo(50);
  }

  @Test
  void twoHundredAddDelCyclesLeaveNothingBehind() throws Exception {
    for (int i = 0; i < 200; i++) {
      String name = prefix + "cyc";
      String netns = kernel.ensureNetns(name).path().toString();
      CniResponse add = handler.handle(request(CniCommand.ADD, "cyc" + i, netns, conf("1.1.0")));
      assertThat(add.exitCode()).as("cycle %d: %s", i, add.stdout()).isZero();
      assertThat(handler.handle(request(CniCommand.DEL, "cyc" + i, netns, conf("1.1.0")))).isEqualTo(CniResponse.EMPTY);
      kernel.deleteNetns(name);
    }

    assertThat(Launcher.ip(node, "-br", "link").lines().map(l -> l.split("\\s+")[0].split("@")[0]).toList())
        .containsExactlyInAnyOrder("lo", "cni0");
    assertThat(leaseCount()).isZero();
    assertThat(kernel.netnsNames().stream().filter(n -> n.startsWith(prefix))).containsExactly(node);
  }

  static CniRequest request(CniCommand command, String id, String netns, String config) {
    return new CniRequest(command, id, netns, "eth0", "IgnoreUnknown=1", "", config);
  }
}

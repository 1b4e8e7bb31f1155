package dev.podnet.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.FakeKernel;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniHandlerTest {
  @TempDir
  Path dataDir;
  FakeKernel kernel;
  Netns node;
  CniHandler handler;

  @BeforeEach
  void setUp() {
    kernel = new FakeKernel();
    node = kernel.ensureNetns("node");
    handler = new CniHandler(kernel, node, new NodeNetwork("cni0", Cidr.parse("10.244.1.0/24"), 1450), dataDir);
  }

  static String conf(String version) {
    return "{\"cniVersion\":\"" + version + "\",\"name\":\"podnet\",\"type\":\"podnet-cni\"}";
  }

  CniResponse run(String command, String id, String netns, String config) {
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", id);
    env.put("CNI_NETNS", netns);
    env.put("CNI_IFNAME", "eth0");
    env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=web-0;K8S_POD_NAMESPACE=default");
    env.put("CNI_PATH", "/opt/cni/bin");
    return handler.handle(CniRequest.fromEnv(env, config));
  }

  /** A pod sandbox as the runtime makes it. FakeKernel namespaces start without lo; a real one has it. */
  void sandbox(String name) {
    kernel.ensureNetns(name);
    kernel.apply(Netns.named(name), List.of(new IpCommand.LinkAdd(new LinkSpec.Bridge("lo", 65536))));
  }

  CniResponse add(String id) {
    sandbox(id);
    return run("ADD", id, "/run/netns/" + id, conf("1.1.0"));
  }

  static JsonNode json(CniResponse r) throws Exception {
    return NetworkConfig.JSON.readTree(r.stdout());
  }

  long leaseFiles() throws Exception {
    try (Stream<Path> s = Files.list(dataDir)) {
      return s.filter(p -> !p.getFileName().toString().equals("lock")).count();
    }
  }

  @Test
  void addAttachesThePodToTheBridgeWithTheFirstFreeAddress() throws Exception {
    CniResponse r = add("pod1");

    assertThat(r.ok()).as(r.stdout()).isTrue();
    JsonNode j = json(r);
    assertThat(j.at("/ips/0/address").asText()).isEqualTo("10.244.1.2/24");
    assertThat(j.at("/ips/0/gateway").asText()).isEqualTo("10.244.1.1");
    assertThat(j.at("/ips/0/interface").asInt()).isEqualTo(2);
    assertThat(j.at("/interfaces/2/sandbox").asText()).isEqualTo("/run/netns/pod1");
    assertThat(j.at("/interfaces/2/mtu").asInt()).isEqualTo(1450);
    assertThat(j.at("/routes/0/dst").asText()).isEqualTo("0.0.0.0/0");
    String veth = CniNames.hostVeth(new Attachment("pod1", "eth0"));
    assertThat(kernel.dumpLinks(node)).contains("cni0 bridge UP", veth + " veth UP mtu 1450 master cni0 hairpin");
    assertThat(kernel.dumpRoutes(Netns.named("pod1"))).contains("default via 10.244.1.1 dev eth0");
    assertThat(kernel.sysctl(node, "net.ipv4.ip_forward")).isEqualTo("1");
    assertThat(Files.readString(dataDir.resolve("10.244.1.2"))).isEqualTo("pod1\neth0");
    assertThat(json(add("pod2")).at("/ips/0/address").asText()).isEqualTo("10.244.1.3/24");
  }

  @Test
  void resultShapeFollowsTheRequestedVersion() throws Exception {
    sandbox("a");
    sandbox("b");
    JsonNode v100 = json(run("ADD", "a", "/run/netns/a", conf("1.0.0")));
    JsonNode v040 = json(run("ADD", "b", "/run/netns/b", conf("0.4.0").replace("}", ",\"dns\":{\"nameservers\":[\"10.96.0.10\"]}}")));

    assertThat(v100.path("cniVersion").asText()).isEqualTo("1.0.0");
    assertThat(v100.at("/interfaces/2").has("mtu")).isFalse();
    assertThat(v100.at("/ips/0").has("version")).isFalse();
    assertThat(v040.at("/ips/0/version").asText()).isEqualTo("4");
    assertThat(v040.at("/dns/nameservers/0").asText()).isEqualTo("10.96.0.10");
  }

  @Test
  void exhaustedPoolIsTryAgainLaterNamingTheRange(@TempDir Path small) throws Exception {
    handler = new CniHandler(kernel, node, new NodeNetwork("cni0", Cidr.parse("10.9.0.0/29"), 1500), small);
    for (int i = 0; i < 5; i++) {
      assertThat(add("p" + i).ok()).isTrue();
    }
    CniResponse r = add("p5");

    assertThat(r.errorCode()).isEqualTo(CniException.TRY_AGAIN_LATER);
    assertThat(json(r).path("msg").asText()).contains("10.9.0.2-10.9.0.6 of 10.9.0.0/29");
    CniResponse status = run("STATUS", "", "", conf("1.1.0"));
    assertThat(status.errorCode()).isEqualTo(CniException.NOT_AVAILABLE);
    assertThat(kernel.netnsNames()).contains("p5");
    assertThat(kernel.dumpLinks(Netns.named("p5"))).doesNotContain("eth0");
  }

  @Test
  void failedAddUndoesTheLeaseAndTheVeth() throws Exception {
    Path netnsPath = Path.of("/proc/999999999/ns/net"); // does not exist: netns check refuses it (code 4)
    CniResponse missing = run("ADD", "x", netnsPath.toString(), conf("1.1.0"));
    assertThat(missing.errorCode()).isEqualTo(CniException.INVALID_ENVIRONMENT);
    assertThat(json(missing).path("msg").asText()).contains("CNI_NETNS");

    // the pod already has eth0: the host batch fails after the lease was taken
    sandbox("busy");
    kernel.apply(Netns.named("busy"), List.of(new IpCommand.LinkAdd(
        new LinkSpec.Bridge("eth0", 1500))));
    CniResponse r = run("ADD", "busy", "/run/netns/busy", conf("1.1.0"));

    assertThat(r.ok()).isFalse();
    assertThat(json(r).path("msg").asText()).contains("eth0 already exists");
    assertThat(leaseFiles()).isZero();
    assertThat(kernel.dumpLinks(node)).doesNotContain("veth");
  }

  @Test
  void secondAddForTheSameAttachmentFails() throws Exception {
    assertThat(add("pod1").ok()).isTrue();
    CniResponse again = run("ADD", "pod1", "/run/netns/pod1", conf("1.1.0"));

    assertThat(again.ok()).isFalse();
    assertThat(json(again).path("msg").asText()).contains("duplicate");
    assertThat(leaseFiles()).isEqualTo(1);
  }

  @Test
  void delIsIdempotentAndWorksWithoutANetns() throws Exception {
    add("pod1");
    kernel.deleteNetns("pod1");

    assertThat(run("DEL", "pod1", "/run/netns/pod1", conf("1.0.0"))).isEqualTo(CniResponse.EMPTY);
    assertThat(run("DEL", "pod1", "", conf("1.0.0"))).isEqualTo(CniResponse.EMPTY);
    assertThat(run("DEL", "never-added", "", conf("1.0.0"))).isEqualTo(CniResponse.EMPTY);
    assertThat(leaseFiles()).isZero();
    assertThat(kernel.dumpLinks(node)).doesNotContain("veth");
  }

  @Test
  void checkPassesAfterAddAndFailsWhenTheRouteIsGone() throws Exception {
    String prev = json(add("pod1")).toString();
    String withPrev = conf("1.1.0").replace("}", ",\"prevResult\":" + prev + "}");
    assertThat(run("CHECK", "pod1", "/run/netns/pod1", withPrev)).isEqualTo(CniResponse.EMPTY);

    kernel.apply(Netns.named("pod1"), List.of(new IpCommand.AddressDelete("eth0", Cidr.parse("10.244.1.2/24"))));
    CniResponse r = run("CHECK", "pod1", "/run/netns/pod1", withPrev);
    assertThat(r.ok()).isFalse();
    assertThat(json(r).path("details").asText()).contains("no address 10.244.1.2/24 on eth0");
  }

  @Test
  void gcRemovesLeasesAndVethsOfAttachmentsNoLongerValid() throws Exception {
    add("keep");
    add("stale");
    String gc = conf("1.1.0").replace("}", ",\"cni.dev/valid-attachments\":[{\"containerID\":\"keep\",\"ifname\":\"eth0\"}]}");

    assertThat(run("GC", "", "", gc)).isEqualTo(CniResponse.EMPTY);
    assertThat(leaseFiles()).isEqualTo(1);
    assertThat(kernel.dumpLinks(node)).contains(CniNames.hostVeth(new Attachment("keep", "eth0")))
        .doesNotContain(CniNames.hostVeth(new Attachment("stale", "eth0")));
  }

  @Test
  void gcAndStatusNeedVersion110() throws Exception {
    assertThat(run("GC", "", "", conf("1.0.0")).errorCode()).isEqualTo(CniException.INCOMPATIBLE_VERSION);
    assertThat(run("STATUS", "", "", conf("1.0.0")).errorCode()).isEqualTo(CniException.INCOMPATIBLE_VERSION);
    assertThat(run("STATUS", "", "", conf("1.1.0")).ok()).isTrue();
  }

  @Test
  void badRequestsGetTheirSpecCodes() throws Exception {
    assertThat(run("ADD", "", "/run/netns/x", conf("1.1.0")).stdout()).contains("\"code\":4", "CNI_CONTAINERID");
    assertThat(run("ADD", "-bad", "/run/netns/x", conf("1.1.0")).errorCode()).isEqualTo(4);
    assertThat(run("ADD", "a", "/run/netns/x", "{not json").errorCode()).isEqualTo(6);
    assertThat(run("ADD", "a", "/run/netns/x", conf("2.0.0")).errorCode()).isEqualTo(1);
    assertThat(run("ADD", "a", "/run/netns/x", conf("1.0.0").replace("}", ",\"mtu\":\"big\"}")).errorCode()).isEqualTo(7);
    assertThat(run("ADD", "a", "/run/netns/x", conf("1.0.0").replace("}", ",\"ipam\":{\"type\":\"host-local\"}}")).errorCode()).isEqualTo(2);
    assertThat(run("ADD", "a", "/run/netns/nope", conf("1.1.0")).stdout()).contains("\"code\":4", "CNI_NETNS");
    JsonNode v = json(run("VERSION", "", "", "{\"cniVersion\":\"1.0.0\"}"));
    assertThat(v.path("cniVersion").asText()).isEqualTo("1.0.0");
    assertThat(v.path("supportedVersions")).hasSize(5);
  }

  @Test
  void ifnameRulesAreSkels() {
    assertThat(CniRequest.isValidIfname("eth0")).isTrue();
    assertThat(CniRequest.isValidIfname("a".repeat(16))).isFalse();
    assertThat(CniRequest.isValidIfname("..")).isFalse();
    assertThat(CniRequest.isValidIfname("a:b")).isFalse();
    assertThat(CniNames.hostVeth(new Attachment("c", "eth0"))).matches(CniNames.HOST_VETH.pattern());
  }
}

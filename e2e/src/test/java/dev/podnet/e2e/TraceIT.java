package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.KernelTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code podnet trace} on a vxlan cluster: each acceptance path of issue 15, checked hop by hop against resources/trace.yaml. */
@KernelTest
class TraceIT extends TraceChecks {
  TraceIT() {
    super("vxlan", "tr");
  }

  @Test
  void podToPodOnTheSameNodeCrossesOnlyTheBridge() {
    JsonNode t = trace("a", "c", "--port", "8080");
    assertThat(t.path("verdict").asText()).isEqualTo("delivered");
    assertThat(path(t, "request")).containsExactly("pod/a", "node/node-1", "pod/c");
    assertThat(path(t, "reply")).containsExactly("pod/c", "node/node-1", "pod/a");
    assertThat(kinds(t)).doesNotContain("vxlan", "dnat", "snat");
    JsonNode bridge = first(t, "bridge");
    assertThat(bridge.path("comment").asText()).isEqualTo("default/c");
    assertThat(bridge.path("dst").asText()).isEqualTo(ipC + ":8080");
    assertThat(first(t, "deliver").path("namespace").asText()).endsWith("-default.c");
  }

  @Test
  void podToPodAcrossNodesIsEncapsulatedToTheOtherNodesVtep() {
    JsonNode t = trace("a", "b", "--port", "8080");
    assertThat(t.path("verdict").asText()).isEqualTo("delivered");
    assertThat(path(t, "request")).containsExactly("pod/a", "node/node-1", "node/node-2", "pod/b");
    assertThat(path(t, "reply")).containsExactly("pod/b", "node/node-2", "node/node-1", "pod/a");
    JsonNode vxlan = first(t, "vxlan");
    assertThat(vxlan.path("namespace").asText()).endsWith("-node-1");
    assertThat(vxlan.path("decision").asText()).contains("VTEP " + nodeIp("node-2"));
    assertThat(kinds(t)).doesNotContain("dnat", "snat");
  }

  @Test
  void podToClusterIpNamesTheServiceAndTheChosenEndpoint() {
    JsonNode t = trace("a", "svc/hello");
    assertThat(t.path("verdict").asText()).isEqualTo("delivered");
    JsonNode dnat = first(t, "dnat");
    assertThat(dnat.path("namespace").asText()).endsWith("-node-1");
    assertThat(dnat.path("comment").asText()).isEqualTo("default/hello:80");
    assertThat(dnat.path("dstAfter").asText()).isEqualTo(ipB + ":8080");
    assertThat(dnat.path("decision").asText()).contains("pod default/b");
    JsonNode ct = first(t, "conntrack");
    assertThat(ct.path("decision").asText()).contains("reply " + ipB + ":8080");
    assertThat(path(t, "request")).containsExactly("pod/a", "node/node-1", "node/node-2", "pod/b");
    assertThat(hops(t, "reply")).last().satisfies(h -> assertThat(h.path("src").asText()).isEqualTo(clusterIp("hello") + ":80"));
  }

  @Test
  void podToServiceWithoutEndpointsStopsAtTheReject() {
    JsonNode t = trace("a", "svc/empty");
    assertThat(t.path("verdict").asText()).isEqualTo("rejected");
    assertThat(t.path("reason").asText()).contains("default/empty:80 has no ready endpoint");
    List<String> k = kinds(t);
    assertThat(k.get(k.size() - 1)).isEqualTo("reject");
    JsonNode reject = first(t, "reject");
    assertThat(reject.path("namespace").asText()).endsWith("-node-1");
    assertThat(reject.path("comment").asText()).isEqualTo("default/empty:80");
    assertThat(hops(t, "reply")).isEmpty();
  }

  @Test
  void nodeToNodePortOnAnotherNodeIsDnatedThereAndMasqueraded() {
    JsonNode t = trace("node/node-1", "node/node-3", "--port", "30080");
    assertThat(t.path("verdict").asText()).isEqualTo("delivered");
    JsonNode dnat = first(t, "dnat");
    assertThat(dnat.path("namespace").asText()).endsWith("-node-3");
    assertThat(dnat.path("dst").asText()).isEqualTo(nodeIp("node-3") + ":30080");
    assertThat(dnat.path("dstAfter").asText()).isEqualTo(ipB + ":8080");
    assertThat(dnat.path("comment").asText()).isEqualTo("default/hello-np:80");
    assertThat(first(t, "snat").path("namespace").asText()).endsWith("-node-3");
    assertThat(path(t, "request")).containsExactly("node/node-1", "node/node-3", "node/node-2", "pod/b");
    assertThat(first(t, "deliver").path("namespace").asText()).endsWith("-default.b");
  }

  @Test
  void outsideToLoadBalancerIpEntersAtTheAnnouncingNode() {
    JsonNode t = trace("outside", lbIp);
    assertThat(t.path("verdict").asText()).isEqualTo("delivered");
    assertThat(path(t, "request").get(0)).isEqualTo("outside");
    JsonNode dnat = first(t, "dnat");
    assertThat(dnat.path("comment").asText()).isEqualTo("default/hello-lb:80");
    assertThat(dnat.path("dst").asText()).isEqualTo(lbIp + ":80");
    assertThat(dnat.path("dstAfter").asText()).isEqualTo(ipB + ":8080");
    assertThat(path(t, "request")).endsWith("pod/b");
    assertThat(path(t, "reply")).endsWith("outside");
  }

  @Test
  void aServiceOrAPlainPodIpAsFromStartsInThePodThatOwnsIt() {
    JsonNode fromSvc = trace("svc/hello", "a", "--port", "8080");
    assertThat(fromSvc.path("verdict").asText()).isEqualTo("delivered");
    assertThat(fromSvc.path("from").asText()).isEqualTo("svc/default/hello (endpoint pod/default/b)");
    assertThat(path(fromSvc, "request")).containsExactly("pod/b", "node/node-2", "node/node-1", "pod/a");
    assertThat(hops(fromSvc, "request").get(0).path("src").asText()).startsWith(ipB + ":");
    JsonNode fromIp = trace(ipC, "b", "--port", "8080");
    assertThat(fromIp.path("verdict").asText()).isEqualTo("delivered");
    assertThat(fromIp.path("from").asText()).isEqualTo(ipC + " (pod/default/c)");
    assertThat(path(fromIp, "request")).containsExactly("pod/c", "node/node-1", "node/node-2", "pod/b");
  }

  @Test
  void podToAnAddressNobodyHasIsNoRouteAndSaysWhy() {
    String unused = ipA.substring(0, ipA.lastIndexOf('.')) + ".250";
    JsonNode onLink = trace("a", unused, "--port", "80");
    assertThat(onLink.path("verdict").asText()).as(onLink.toPrettyString()).isEqualTo("no-route");
    assertThat(onLink.path("reason").asText()).as(onLink.toPrettyString()).contains("ARP for " + unused);
    JsonNode nowhere = trace("a", "10.250.9.9", "--port", "80");
    assertThat(nowhere.path("verdict").asText()).as(nowhere.toPrettyString()).isEqualTo("no-route");
    assertThat(nowhere.path("reason").asText()).contains("Network is unreachable");
    assertThat(kinds(nowhere)).last().isEqualTo("route");
  }

  @Test
  void tracesLeaveEveryNodesRulesetByteIdentical() {
    List<String> before = stableRulesets();
    trace("a", "svc/hello");
    trace("a", "svc/empty");
    trace("node/node-1", "node/node-3", "--port", "30080");
    for (int i = 0; i < 3; i++) {
      assertThat(ruleset("node-" + (i + 1))).isEqualTo(before.get(i));
    }
    assertThat(podnet.ok("exec", "a", "--", "nft", "list", "tables").out()).doesNotContain("podnet-trace");
  }

  /**
   * The three nodes' rulesets once they hold still for 2 s: system pods still becoming Ready
   * (the Ingress controller under load) change the proxy's maps, which is not the trace's doing.
   */
  private List<String> stableRulesets() {
    long deadline = System.nanoTime() + 120_000_000_000L;
    List<String> last = List.of();
    while (System.nanoTime() < deadline) {
      List<String> now = new ArrayList<>();
      for (String n : List.of("node-1", "node-2", "node-3")) {
        now.add(ruleset(n));
      }
      if (now.equals(last)) {
        return now;
      }
      last = now;
      Podnet.sleep(2000);
    }
    throw new AssertionError("the nodes' rulesets did not hold still for 2 s within 120 s");
  }

  /**
   * loop-client (on node-1, beside a) requests the same Service the whole time: its SYNs and
   * SYN-ACKs cross the same DNAT, node and endpoint as the probe's, with the same flags and
   * window, so only the probe's own 5-tuple tells them apart. Three traces, each naming only the
   * probe: its source port on every hop, one DNAT, one conntrack entry.
   */
  @Test
  void aTraceOnABusyNodeShowsOnlyTheProbesPackets() throws Exception {
    String client = podnet.get("pod", "loop-client").path("status").path("podIP").asText();
    List<String> argv = List.of("env", "PODNET_STATE_DIR=" + podnet.stateBase, "PODNET_SKIP_BUILD=1", Podnet.CHECKOUT.resolve("bin/podnet").toString(),
        "--name=" + podnet.cluster, "exec", "loop-client", "--", "sh", "-c",
        // the loop ends by itself: killing the CLI would not reach the shell it started in the pod
        "end=$(($(date +%s)+40)); while [ $(date +%s) -lt $end ]; do curl -s -o /dev/null -w '%{http_code}\\n' http://" + clusterIp("hello") + "/hostname; done");
    Process loop = new ProcessBuilder(argv).redirectErrorStream(true).start();
    java.util.concurrent.CompletableFuture<List<String>> answers = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try (var in = loop.getInputStream()) {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try {
      Podnet.sleep(1500);
      for (int i = 0; i < 3; i++) {
        JsonNode t = trace("a", "svc/hello");
        assertThat(t.path("verdict").asText()).isEqualTo("delivered");
        String probe = ipA + ":" + first(t, "route").path("src").asText().split(":")[1];
        assertThat(first(t, "route").path("src").asText()).isEqualTo(probe);
        for (JsonNode h : t.path("hops")) {
          assertThat(h.toString()).as("hop %s", h).doesNotContain(client);
          assertThat(List.of(h.path("src").asText(), h.path("dst").asText())).as("hop %s", h).contains(probe);
        }
        assertThat(kinds(t).stream().filter(k -> k.equals("dnat"))).hasSize(1);
        assertThat(hops(t, "request").stream().filter(h -> h.path("kind").asText().equals("conntrack"))).hasSize(1);
        assertThat(first(t, "conntrack").path("decision").asText()).contains(probe + " -> ");
        assertThat(path(t, "request")).containsExactly("pod/a", "node/node-1", "node/node-2", "pod/b");
        assertThat(path(t, "reply")).containsExactly("pod/b", "node/node-2", "node/node-1", "pod/a");
      }
    } finally {
      loop.waitFor();
    }
    // the loop was busy all along, through the same Service
    assertThat(answers.get()).hasSizeGreaterThan(20).containsOnly("200");
  }

  /**
   * b to its own Service: node-2 DNATs the probe back to b and masquerades it (else b would answer
   * itself directly, from the endpoint's address the probe never asked for), and the bridge sends it
   * back out b's own port.
   */
  @Test
  void aPodToItsOwnServiceIsHairpinnedThroughItsNodeAndMasqueraded() {
    JsonNode t = trace("b", "svc/hello");
    assertThat(t.path("verdict").asText()).isEqualTo("delivered");
    assertThat(path(t, "request")).containsExactly("pod/b", "node/node-2", "pod/b");
    assertThat(path(t, "reply")).containsExactly("pod/b", "node/node-2", "pod/b");
    List<String> request = hops(t, "request").stream().map(h -> h.path("kind").asText()).toList();
    assertThat(request).containsSubsequence("route", "dnat", "snat", "bridge", "deliver");
    JsonNode dnat = first(t, "dnat");
    assertThat(dnat.path("namespace").asText()).endsWith("-node-2");
    assertThat(dnat.path("comment").asText()).isEqualTo("default/hello:80");
    assertThat(dnat.path("dstAfter").asText()).isEqualTo(ipB + ":8080");
    JsonNode snat = first(t, "snat");
    assertThat(snat.path("namespace").asText()).endsWith("-node-2");
    assertThat(snat.path("decision").asText()).contains("masquerade");
    String gateway = ipB.substring(0, ipB.lastIndexOf('.')) + ".1";
    assertThat(snat.path("srcAfter").asText()).startsWith(gateway + ":");
    JsonNode delivered = hops(t, "request").get(request.size() - 1);
    assertThat(delivered.path("namespace").asText()).endsWith("-default.b");
    assertThat(delivered.path("src").asText()).startsWith(gateway + ":");
    assertThat(hops(t, "reply")).last().satisfies(h -> assertThat(h.path("src").asText()).isEqualTo(clusterIp("hello") + ":80"));
  }

  @Test
  void aTraceInterruptedByCtrlCRemovesItsTables() throws Exception {
    String unused = ipA.substring(0, ipA.lastIndexOf('.')) + ".251";
    List<String> argv = List.of("env", "PODNET_STATE_DIR=" + podnet.stateBase, "PODNET_SKIP_BUILD=1", Podnet.CHECKOUT.resolve("bin/podnet").toString(),
        "--name=" + podnet.cluster, "trace", "a", unused, "--port", "80");
    Process trace = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      // the probe waits 3 s for an answer that never comes: interrupt it once its table is in node-1
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!podnet.ok("exec", "--node", "node-1", "--", "nft", "list", "tables").out().contains("podnet-trace")) {
        assertThat(System.nanoTime()).as("the trace's table never appeared in node-1").isLessThan(deadline);
        assertThat(trace.isAlive()).as("the trace ended before its table was seen").isTrue();
      }
      dev.podnet.kernel.Exec.run(List.of("kill", "-INT", Long.toString(trace.pid())), null);
      trace.waitFor();
    } finally {
      trace.destroyForcibly();
    }
    for (String n : List.of("node-1", "node-2", "node-3")) {
      assertThat(podnet.ok("exec", "--node", n, "--", "nft", "list", "tables").out()).doesNotContain("podnet-trace");
    }
    assertThat(podnet.ok("exec", "a", "--", "nft", "list", "tables").out()).doesNotContain("podnet-trace");
  }

  @Test
  void svgOutputIsAPictureOfThePath() {
    Podnet.Result r = podnet.run("trace", "a", "svc/hello", "-o", "svg");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("<svg").contains("dnat").contains("default/hello:80"); // graphviz writes "-" as &#45;
  }

  private String clusterIp(String svc) {
    return podnet.get("svc", svc).path("spec").path("clusterIP").asText();
  }
}

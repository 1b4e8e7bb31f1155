package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The cluster {@code podnet trace} is checked on (resources/trace.yaml on 3 nodes of one routing
 * backend) and how its answers are read: each trace's JSON, hop by hop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TraceChecks {
  final Podnet podnet;
  private final String routing;
  private final String datapath;
  String ipA;
  String ipB;
  String ipC;
  String lbIp;

  TraceChecks(String routing, String tag) {
    this(routing, "nftables", tag);
  }

  TraceChecks(String routing, String datapath, String tag) {
    this.routing = routing;
    this.datapath = datapath;
    this.podnet = Podnet.forRun(tag);
  }

  @BeforeAll
  void up() {
    podnet.up("--nodes", "3", "--routing", routing, "--datapath", datapath);
    podnet.apply(Podnet.resource("trace.yaml"));
    JsonNode pods = podnet.await("trace pods Ready", Duration.ofSeconds(120), l -> ClusterIT.readyCount(l) == 5, "pods");
    // the system pods too (DNS, the Ingress controller): their endpoints change every node's proxy rules while they start
    podnet.await("every pod Ready", Duration.ofSeconds(180), l -> ClusterIT.readyCount(l) == l.path("items").size(), "pods", "-A");
    for (JsonNode p : pods.path("items")) {
      String ip = p.path("status").path("podIP").asText();
      switch (p.path("metadata").path("name").asText()) {
        case "a" -> ipA = ip;
        case "b" -> ipB = ip;
        case "c" -> ipC = ip;
        default -> { }
      }
    }
    JsonNode lb = podnet.await("hello-lb has an IP", Duration.ofSeconds(60),
        s -> !s.path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText().isEmpty(), "svc", "hello-lb");
    lbIp = lb.path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText();
    podnet.await("hello has its endpoint", Duration.ofSeconds(60), l -> l.path("items").size() > 0
        && l.path("items").path(0).path("endpoints").path(0).path("addresses").path(0).asText().equals(ipB),
        "endpointslices", "-l", "kubernetes.io/service-name=hello");
    // the slice is in the API before every node's proxy has its rules: wait until the paths the tests trace answer
    String clusterIp = podnet.get("svc", "hello").path("spec").path("clusterIP").asText();
    String node3 = nodeIp("node-3");
    awaitAnswer("a", "http://" + clusterIp + "/hostname");
    awaitAnswer("--node=node-1", "http://" + node3 + ":30080/hostname");
    awaitAnswer("--outside", "http://" + lbIp + "/hostname");
  }

  private void awaitAnswer(String where, String url) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!podnet.run("exec", where, "--", "curl", "-s", "-m", "2", url).out().equals("b")) {
      assertThat(System.nanoTime()).as("no answer from b at %s from %s within 60 s", url, where).isLessThan(deadline);
      Podnet.sleep(300);
    }
  }

  @AfterAll
  void down() {
    podnet.downAndForget();
  }

  /** {@code podnet trace ARGS -o json}: exit 0 when delivered, 2 otherwise; anything else fails the test. */
  JsonNode trace(String... args) {
    List<String> a = new ArrayList<>(List.of("trace"));
    a.addAll(List.of(args));
    a.addAll(List.of("-o", "json"));
    Podnet.Result r = podnet.run(a.toArray(String[]::new));
    assertThat(r.exit()).as("exit of podnet trace %s: %s", String.join(" ", args), r.err()).isIn(0, 2);
    JsonNode t = r.json();
    System.out.println("trace " + String.join(" ", args) + ": " + t.path("verdict").asText() + " - " + t.path("reason").asText());
    t.path("hops").forEach(h -> System.out.println("  " + h.path("n") + " " + h.path("direction").asText() + " " + h.path("namespace").asText()
        + " " + h.path("kind").asText() + " " + h.path("device").asText() + " " + h.path("decision").asText()));
    assertThat(r.exit()).isEqualTo(t.path("verdict").asText().equals("delivered") ? 0 : 2);
    return t;
  }

  static List<JsonNode> hops(JsonNode trace, String direction) {
    List<JsonNode> out = new ArrayList<>();
    trace.path("hops").forEach(h -> {
      if (h.path("direction").asText().equals(direction)) {
        out.add(h);
      }
    });
    return out;
  }

  /** The namespaces a direction crossed, in order, each once, as {@code pod/NAME} or {@code node/NAME} (the lab's netns names end so). */
  static List<String> path(JsonNode trace, String direction) {
    List<String> out = new ArrayList<>();
    for (JsonNode h : hops(trace, direction)) {
      String ns = h.path("namespace").asText();
      String place = ns.endsWith("-outside") ? "outside" : ns.matches(".*-node-\\d+") ? "node/" + ns.replaceAll(".*-(node-\\d+)", "$1")
          : "pod/" + ns.substring(ns.lastIndexOf('.') + 1);
      if (out.isEmpty() || !out.get(out.size() - 1).equals(place)) {
        out.add(place);
      }
    }
    return out;
  }

  static List<String> kinds(JsonNode trace) {
    List<String> out = new ArrayList<>();
    trace.path("hops").forEach(h -> out.add(h.path("kind").asText()));
    return out;
  }

  static JsonNode first(JsonNode trace, String kind) {
    for (JsonNode h : trace.path("hops")) {
      if (h.path("kind").asText().equals(kind)) {
        return h;
      }
    }
    throw new AssertionError("no " + kind + " hop in " + trace.toPrettyString());
  }

  String nodeIp(String node) {
    for (JsonNode a : podnet.get("node", node).path("status").path("addresses")) {
      if (a.path("type").asText().equals("InternalIP")) {
        return a.path("address").asText();
      }
    }
    throw new AssertionError("node " + node + " has no InternalIP");
  }

  /** The node's whole ruleset as nft prints it. */
  String ruleset(String node) {
    return podnet.ok("exec", "--node", node, "--", "nft", "list", "ruleset").out();
  }
}

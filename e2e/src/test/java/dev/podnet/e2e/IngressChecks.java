package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.e2e.OutsideHttp.Answer;
import dev.podnet.kernel.Exec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Ingress controller on a 2-node cluster, through kubectl-applied standard YAML, ported from
 * kubernetes-sigs/ingress-controller-conformance (path_rules, host_rules, load_balancing,
 * ingress_class, default_backend) plus the issue's own checks. Every request comes from the
 * outside namespace (a machine on the node LAN) to the LoadBalancer IP MetalLB's default pool
 * gave the controller Service, as a user's client would: through ARP, the announcing node, the
 * Service's nftables rules and a controller pod. Which backend answered is told by
 * serve-hostname (the pod's name) or by the recording backend (ingress-echo.py: what reached it).
 * The subclasses pick the routing backend between the nodes (the controller pods reach backends
 * on the other node through it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class IngressChecks {
  private static final Duration READY = Duration.ofSeconds(180);
  private static final String NS = "pni-ing";
  /** Deployment (the pod-name prefix that says who served) per Service. */
  private static final Map<String, String> SERVICES = new LinkedHashMap<>();

  static {
    SERVICES.put("foo-exact", "exact");
    SERVICES.put("foo-prefix", "prefix");
    SERVICES.put("aaa-prefix", "aaa");
    SERVICES.put("aaa-slash-bbb-prefix", "aaabbb");
    SERVICES.put("wildcard-foo-com", "wild");
    SERVICES.put("foo-bar-com", "exact");
    SERVICES.put("lb", "lb");
  }

  private final Podnet podnet;
  private final String routing;
  private Path tls;
  private OutsideHttp outside;

  /** The checks on a cluster whose nodes reach each other's pods through {@code routing} (vxlan, host-gw, bgp). */
  IngressChecks(String tag, String routing) {
    this.podnet = Podnet.forRun(tag);
    this.routing = routing;
  }

  @BeforeAll
  void up() throws Exception {
    podnet.up("--nodes", "2", "--routing", routing);
    tls = Files.createTempDirectory("pni-ing-tls");
    certificate("cert");
    Files.writeString(tls.resolve("echo.py"), Podnet.resource("ingress-echo.py"));
    podnet.apply(Podnet.resource("ingress-backends.yaml").replace("BACKENDS", backends()));
    podnet.apply(secret("cert"));
    podnet.apply(Podnet.resource("ingress-rules.yaml"));
    podnet.apply(Podnet.resource("ingress-annotations.yaml").replace("ECHO_PY", tls.resolve("echo.py").toString())
        .replace("TLS_DIR", tls.toString()));
    podnet.await("backend pods Ready", READY, l -> ClusterIT.readyCount(l) == 17, "pods", "-n", NS);
    podnet.await("controller pods Ready", READY, l -> ClusterIT.readyCount(l) == 2, "pods", "-n", "podnet-ingress");
    JsonNode svc = podnet.await("the controller Service's LoadBalancer IP", READY, s -> !lbIp(s).isEmpty(), "svc", "controller", "-n",
        "podnet-ingress");
    outside = new OutsideHttp(podnet, lbIp(svc));
    awaitServed("lb.example", "/", "lb");
  }

  @AfterAll
  void down() {
    podnet.run("delete", "namespace", NS, "--wait=false");
    podnet.downAndForget();
    if (tls != null) {
      Podnet.deleteTree(tls);
    }
  }

  private static String lbIp(JsonNode object) {
    return object.path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText("");
  }

  private static String backends() {
    StringBuilder y = new StringBuilder();
    for (String dep : new java.util.LinkedHashSet<>(SERVICES.values())) {
      int replicas = dep.equals("lb") ? 10 : 1;
      y.append("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ").append(dep).append(", namespace: ").append(NS).append("}\n")
          .append("spec:\n  replicas: ").append(replicas).append("\n  selector: {matchLabels: {app: ").append(dep).append("}}\n")
          .append("  template:\n    metadata: {labels: {app: ").append(dep).append("}}\n    spec:\n      terminationGracePeriodSeconds: 1\n")
          .append("      containers:\n      - name: c\n        image: registry.k8s.io/e2e-test-images/agnhost:2.53\n")
          .append("        args: [\"serve-hostname\", \"--port=8080\"]\n        ports: [{name: http, containerPort: 8080}]\n")
          .append("        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}\n---\n");
    }
    SERVICES.forEach((svc, dep) -> y.append("apiVersion: v1\nkind: Service\nmetadata: {name: ").append(svc).append(", namespace: ").append(NS)
        .append("}\nspec:\n  selector: {app: ").append(dep).append("}\n  ports: [{name: http, port: 8080, targetPort: http}]\n---\n"));
    return y.toString();
  }

  /** A self-signed certificate for the two TLS hosts (its own CA, so curl verifies it with --cacert). */
  private void certificate(String name) {
    Exec.Result r = Exec.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=foo.bar.com",
        "-addext", "subjectAltName=DNS:foo.bar.com,DNS:echo.example", "-keyout", tls.resolve(name + ".key").toString(), "-out",
        tls.resolve(name + ".crt").toString()), null, Duration.ofSeconds(30));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
  }

  private Path ca(String name) {
    return tls.resolve(name + ".crt");
  }

  /** The kubernetes.io/tls Secret as {@code kubectl create secret tls --dry-run=client -o yaml} writes it. */
  private String secret(String name) throws Exception {
    java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
    return "apiVersion: v1\nkind: Secret\nmetadata: {name: conformance-tls, namespace: " + NS + "}\ntype: kubernetes.io/tls\ndata:\n"
        + "  tls.crt: " + b64.encodeToString(Files.readAllBytes(ca(name))) + "\n"
        + "  tls.key: " + b64.encodeToString(Files.readAllBytes(tls.resolve(name + ".key"))) + "\n";
  }

  private Answer http(String host, String path, String... more) {
    return outside.http(host, path, more);
  }

  private void awaitServed(String host, String path, String deployment) {
    long end = System.nanoTime() + READY.toNanos();
    Answer last = null;
    while (System.nanoTime() < end) {
      last = http(host, path);
      if (last.servedBy(deployment)) {
        return;
      }
      Podnet.sleep(500);
    }
    throw new AssertionError(host + path + " not served by " + deployment + " within " + READY.toSeconds() + "s; last: " + last);
  }

  private static Map<String, Integer> byPod(String lines, String prefix) {
    Map<String, Integer> byPod = new HashMap<>();
    lines.lines().map(String::trim).filter(l -> l.startsWith(prefix)).forEach(l -> byPod.merge(l, 1, Integer::sum));
    return byPod;
  }

  /** What the recording backend logged: one "REQ METHOD TARGET" line per request that reached it. */
  private String echoLog() {
    String pod = podnet.get("pods", "-n", NS, "-l", "app=echo").path("items").path(0).path("metadata").path("name").asText();
    return podnet.ok("logs", pod, "-n", NS).out();
  }

  @Order(1)
  @ParameterizedTest(name = "{0}{1} -> {2}")
  @CsvSource({
      "exact-path-rules, /foo, foo-exact",
      "exact-path-rules, /foo/, 404",
      "exact-path-rules, /FOO, 404",
      "exact-path-rules, /bar, 404",
      "prefix-path-rules, /foo, foo-prefix",
      "prefix-path-rules, /foo/, foo-prefix",
      "prefix-path-rules, /FOO, 404",
      "prefix-path-rules, /aaa/bbb, aaa-slash-bbb-prefix",
      "prefix-path-rules, /aaa/bbb/ccc, aaa-slash-bbb-prefix",
      "prefix-path-rules, /aaa/ccc, aaa-prefix",
      "prefix-path-rules, /aaaccc, 404",
      "mixed-path-rules, /foo, foo-exact",
      "trailing-slash-path-rules, /aaa/bbb, aaa-slash-bbb-prefix",
      "trailing-slash-path-rules, /aaa/bbb/, aaa-slash-bbb-prefix",
      "trailing-slash-path-rules, /foo, 404",
  })
  void pathRules(String host, String path, String expected) {
    Answer a = http(host, path);
    if (expected.equals("404")) {
      assertThat(a.status()).as(host + path).isEqualTo(404);
    } else {
      assertThat(a.servedBy(SERVICES.get(expected))).as(host + path + " -> " + a).isTrue();
    }
  }

  @Order(2)
  @Test
  void hostRulesOverHttpAndHttpsWithTheSniCertificateVerified() {
    assertThat(http("foo.bar.com", "/").servedBy("exact")).isTrue();
    Answer secure = outside.https("foo.bar.com", "/", ca("cert"));
    assertThat(secure.servedBy("exact")).as("curl verified the certificate of foo.bar.com: %s", secure).isTrue();
    assertThat(http("bar.foo.com", "/").servedBy("wild")).isTrue();
    assertThat(http("subdomain.bar.com", "/").status()).isEqualTo(404);
    assertThat(http("baz.bar.foo.com", "/").status()).isEqualTo(404);
    assertThat(http("foo.com", "/").status()).isEqualTo(404);
  }

  @Order(3)
  @Test
  void plainHttpToATlsHostIs308ToHttpsAndHttp2AndBothTlsVersionsAreSpokenThere() {
    Answer redirect = http("secure.example", "/p?q=1", "-D", "-", "-o", "/dev/null");
    assertThat(redirect.status()).isEqualTo(308);
    assertThat(redirect.body().toLowerCase()).contains("location: https://secure.example/p?q=1");
    Answer h2 = outside.https("foo.bar.com", "/", ca("cert"), "--http2");
    assertThat(h2.version()).isEqualTo("2");
    assertThat(h2.servedBy("exact")).isTrue();
    assertThat(outside.https("foo.bar.com", "/", ca("cert"), "--http1.1", "--tls-max", "1.2").version()).isEqualTo("1.1");
    assertThat(outside.https("foo.bar.com", "/", ca("cert"), "--tlsv1.3").servedBy("exact")).isTrue();
  }

  @Order(4)
  @Test
  void loadBalancingSpreadsAHundredRequestsOverTenPods() {
    Map<String, Integer> byPod = byPod(outside.loop("lb.example", 100), "lb-");
    assertThat(byPod.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
    assertThat(byPod).hasSize(10);
  }

  @Order(5)
  @Test
  void anIngressOfAnotherClassGetsNoRoutingAndNoStatus() {
    assertThat(http("other-class.example", "/").status()).isEqualTo(404);
    JsonNode ing = podnet.get("ingress", "other-class", "-n", NS);
    assertThat(ing.path("status").path("loadBalancer").path("ingress").size()).isZero();
    assertThat(podnet.get("ingress", "path-rules", "-n", NS).path("spec").path("ingressClassName").asText())
        .as("the default class was set at create").isEqualTo("podnet");
  }

  @Order(6)
  @Test
  void everyIngressOfTheClassShowsTheLoadBalancerIpItIsServedAt() {
    podnet.await("status.loadBalancer of every podnet Ingress", Duration.ofSeconds(30), l -> {
      for (JsonNode i : l.path("items")) {
        boolean ours = i.path("spec").path("ingressClassName").asText().equals("podnet");
        if (ours != lbIp(i).equals(outside.ip())) {
          return false;
        }
      }
      return l.path("items").size() >= 9;
    }, "ingress", "-n", NS);
  }

  @Order(7)
  @Test
  void theBackendSeesTheOutsideClientInTheForwardingHeaders() {
    JsonNode plain = http("echo.example", "/who?x=1", "-H", "X-Forwarded-For: 6.6.6.6").json();
    JsonNode h = plain.path("headers");
    assertThat(plain.path("path").asText()).isEqualTo("/who?x=1");
    assertThat(h.path("x-real-ip").asText()).isEqualTo(OutsideHttp.OUTSIDE_IP);
    assertThat(h.path("x-forwarded-for").asText()).as("a client's own X-Forwarded-For is not trusted").isEqualTo(OutsideHttp.OUTSIDE_IP);
    assertThat(h.path("x-original-forwarded-for").asText()).isEqualTo("6.6.6.6");
    assertThat(h.path("x-forwarded-host").asText()).isEqualTo("echo.example");
    assertThat(h.path("x-forwarded-port").asText()).isEqualTo("80");
    assertThat(h.path("x-forwarded-proto").asText()).isEqualTo("http");
    assertThat(h.path("x-request-id").asText()).matches("[0-9a-f]{32}");
    assertThat(http("echo.example", "/", "-H", "X-Request-ID: abc-123").json().path("headers").path("x-request-id").asText()).isEqualTo("abc-123");
    JsonNode secure = outside.https("echo.example", "/", ca("cert"), "--http2").json().path("headers");
    assertThat(secure.path("x-forwarded-proto").asText()).isEqualTo("https");
    assertThat(secure.path("x-forwarded-port").asText()).isEqualTo("443");
    assertThat(secure.path("x-real-ip").asText()).isEqualTo(OutsideHttp.OUTSIDE_IP);
  }

  /** ingress-nginx's access log line (client address first, request id last) and its request counter, for one request from outside. */
  @Order(8)
  @Test
  void theAccessLogAndTheMetricsNameARequestFromOutside() {
    String id = "pni-" + Long.toHexString(System.nanoTime());
    assertThat(http("echo.example", "/logged", "-H", "X-Request-ID: " + id).status()).isEqualTo(200);
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String line = null;
    String served = null;
    while (line == null && System.nanoTime() < end) {
      for (JsonNode p : podnet.get("pods", "-n", "podnet-ingress").path("items")) {
        String pod = p.path("metadata").path("name").asText();
        line = podnet.run("logs", pod, "-n", "podnet-ingress").out().lines().filter(l -> l.endsWith(" " + id)).findFirst().orElse(null);
        if (line != null) {
          served = pod;
          break;
        }
      }
      Podnet.sleep(500);
    }
    assertThat(line).as("an access-log line ending in the request id").isNotNull()
        .startsWith(OutsideHttp.OUTSIDE_IP + " - - [").contains("\"GET /logged HTTP/1.1\" 200 ", "[pni-ing/echo:http]");
    String metrics = podnet.ok("exec", served, "-n", "podnet-ingress", "--", "curl", "-s", "http://127.0.0.1:10254/metrics").out();
    assertThat(metrics).containsPattern("podnet_ingress_requests_total\\{ingress=\"pni-ing/echo\",host=\"echo.example\",path=\"/\",status=\"200\"} [1-9]")
        .contains("podnet_ingress_upstream_latency_seconds_count{ingress=\"pni-ing/echo\"}");
  }

  @Order(9)
  @Test
  void aWebSocketIsEchoedThroughTheController() {
    String out = outside.run("python3", "-c", Podnet.resource("ingress-ws-client.py"), outside.ip(), "echo.example", "hello podnet");
    assertThat(out.lines().toList()).as(out).containsExactly("HTTP/1.1 101 Switching Protocols", "echo: hello podnet");
  }

  @Order(10)
  @Test
  void rewriteTargetBackendProtocolAndBodySizeAnnotations() {
    assertThat(http("rewrite.example", "/api/users?id=1").json().path("path").asText()).isEqualTo("/users?id=1");
    JsonNode overTls = http("tls-backend.example", "/secure").json();
    assertThat(overTls.path("tls").asBoolean()).as("backend-protocol HTTPS: TLS to the pod").isTrue();
    assertThat(overTls.path("path").asText()).isEqualTo("/secure");
    Answer small = http("small.example", "/fits", "--data-binary", "x".repeat(100));
    assertThat(small.json().path("body").asInt()).isEqualTo(100);
    Answer big = http("small.example", "/too-big-body", "--data-binary", "x".repeat(4096));
    assertThat(big.status()).isEqualTo(413);
    assertThat(echoLog()).contains("REQ POST /fits").doesNotContain("/too-big-body");
  }

  @Order(11)
  @Test
  void canaryByHeaderByCookieAndByWeight() {
    assertThat(http("canary.example", "/", "-H", "X-Canary: always").servedBy("aaa")).isTrue();
    assertThat(http("canary.example", "/", "-H", "X-Canary: never").servedBy("exact")).isTrue();
    // weight 30: five requests that all land on one side are the cookie's doing (0.3^5, 0.7^5 by chance)
    for (int i = 0; i < 5; i++) {
      assertThat(http("canary.example", "/", "-b", "canary=always").servedBy("aaa")).as("cookie always").isTrue();
      assertThat(http("canary.example", "/", "-b", "canary=never").servedBy("exact")).as("cookie never").isTrue();
    }
    assertThat(http("canary.example", "/", "-H", "X-Canary: never", "-b", "canary=always").servedBy("exact")).as("the header decides first").isTrue();
    String lines = outside.loop("canary.example", 100);
    int canary = byPod(lines, "aaa-").values().stream().mapToInt(Integer::intValue).sum();
    int main = byPod(lines, "exact-").values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("canary-weight 30: %d of 100 requests to the canary%n", canary);
    assertThat(canary + main).isEqualTo(100);
    assertThat(canary).as("about 30 of 100 (binomial: 10..55 is beyond 4 standard deviations)").isBetween(10, 55);
  }

  @Order(12)
  @Test
  void theAffinityCookieKeepsAClientOnOnePod() {
    String script = "j=$(mktemp); curl -s -m 5 -c $j -H 'Host: sticky.example' http://" + outside.ip() + "/; echo; grep -c STICKY $j; "
        + "for i in $(seq 10); do curl -s -m 5 -b $j -H 'Host: sticky.example' http://" + outside.ip() + "/; echo; done; rm -f $j";
    String out = outside.sh(script);
    assertThat(out.lines().toList().get(1)).as("the first answer set the cookie: %s", out).isEqualTo("1");
    assertThat(byPod(out, "lb-")).as("11 requests, one pod").hasSize(1).containsValue(11);
    assertThat(byPod(outside.loop("sticky.example", 20), "lb-")).as("without the cookie: spread").hasSizeGreaterThan(1);
  }

  /**
   * Timed from the moment the rotated Secret is stored (apply returned) to the first HTTPS request
   * from outside that verifies against the new certificate, by one loop polling every 100 ms that
   * was started before: a podnet exec per probe would add seconds of its own.
   */
  @Order(13)
  @Test
  void aRotatedSecretIsServedWithinSeconds() throws Exception {
    certificate("rotated");
    String loop = "end=$(( $(date +%s) + 60 )); while [ $(date +%s) -lt $end ]; do if curl -s -m 1 -o /dev/null --cacert " + ca("rotated")
        + " --resolve foo.bar.com:443:" + outside.ip() + " https://foo.bar.com/; then date +%s%3N; exit; fi; sleep 0.1; done; echo never";
    java.util.concurrent.CompletableFuture<String> firstSuccess = java.util.concurrent.CompletableFuture.supplyAsync(() -> outside.sh(loop));
    Podnet.sleep(3000); // the loop is polling (and failing: the new CA does not know the old certificate)
    podnet.apply(secret("rotated"));
    long stored = System.currentTimeMillis();
    String at = firstSuccess.orTimeout(2, java.util.concurrent.TimeUnit.MINUTES).join().trim();
    assertThat(at).as("the rotated certificate verified from outside").isNotEqualTo("never");
    long ms = Long.parseLong(at) - stored;
    System.out.printf("rotated certificate served %d ms after the Secret was stored%n", ms);
    assertThat(ms).as("served within seconds of the Secret's update").isLessThan(5000);
    assertThat(outside.https("foo.bar.com", "/", ca("rotated")).servedBy("exact")).isTrue();
    assertThat(outside.https("foo.bar.com", "/", ca("cert")).status()).as("the old certificate is no longer served").isZero();
  }

  @Order(14)
  @Test
  void aMissingServiceOrSecretIsAcceptedReportedInAnEventAndOtherRoutesKeepWorking() {
    podnet.apply("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: broken, namespace: " + NS + "}\nspec:\n  rules:\n"
        + "  - host: broken.example\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: nowhere, port: {number: 80}}}}\n"
        + "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: broken-tls, namespace: " + NS + "}\nspec:\n"
        + "  tls: [{hosts: [broken-tls.example], secretName: nowhere}]\n  rules:\n  - host: broken-tls.example\n    http:\n      paths:\n"
        + "      - {path: /, pathType: Prefix, backend: {service: {name: foo-exact, port: {number: 8080}}}}\n");
    podnet.await("ServiceNotFound and SecretNotUsable events", Duration.ofSeconds(30), l -> l.path("items").findValuesAsText("reason")
        .containsAll(List.of("ServiceNotFound", "SecretNotUsable")), "events", "-n", NS);
    assertThat(http("broken.example", "/").status()).isEqualTo(503);
    Answer defaultCert = outside.curl("-k", "--resolve", "broken-tls.example:443:" + outside.ip(), "https://broken-tls.example/");
    assertThat(defaultCert.servedBy("exact")).as("the default certificate serves the host: %s", defaultCert).isTrue();
    assertThat(http("prefix-path-rules", "/foo").servedBy("prefix")).isTrue();
    assertThat(outside.https("foo.bar.com", "/", ca("rotated")).servedBy("exact")).isTrue();
  }

  @Order(15)
  @Test
  void malformedRequestsAre400AndNeverReachABackend() {
    String smuggle = "printf 'POST /smuggled-outer HTTP/1.1\\r\\nHost: echo.example\\r\\nContent-Length: 4\\r\\n"
        + "Transfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\nGET /smuggled-inner HTTP/1.1\\r\\nHost: echo.example\\r\\n\\r\\n' | socat -t 2 - TCP:"
        + outside.ip() + ":80";
    assertThat(outside.sh(smuggle)).startsWith("HTTP/1.1 400").doesNotContain("\"pod\"");
    String badHost = "printf 'GET /bad-host HTTP/1.1\\r\\nHost: echo.example/../x\\r\\n\\r\\n' | socat -t 2 - TCP:" + outside.ip() + ":80";
    assertThat(outside.sh(badHost)).startsWith("HTTP/1.1 400");
    String twoHosts = "printf 'GET /two-hosts HTTP/1.1\\r\\nHost: echo.example\\r\\nHost: rewrite.example\\r\\n\\r\\n' | socat -t 2 - TCP:"
        + outside.ip() + ":80";
    assertThat(outside.sh(twoHosts)).startsWith("HTTP/1.1 400");
    assertThat(http("echo.example", "/oversized-headers", "-H", "X-Big: " + "a".repeat(40_000)).status()).isEqualTo(400);
    assertThat(http("echo.example", "/well-formed").status()).isEqualTo(200);
    assertThat(echoLog()).contains("REQ GET /well-formed").doesNotContain("smuggled", "/bad-host", "/two-hosts", "/oversized-headers");
  }

  @Order(16)
  @Test
  void aDefaultBackendTakesAnyMethodHostAndPath() {
    podnet.apply("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: default-backend, namespace: " + NS + "}\nspec:\n"
        + "  defaultBackend: {service: {name: echo, port: {number: 8080}}}\n");
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Answer a = http("anything.example", "/any/path?q=1");
    while (a.status() != 200 && System.nanoTime() < end) {
      Podnet.sleep(300);
      a = http("anything.example", "/any/path?q=1");
    }
    assertThat(a.json().path("path").asText()).isEqualTo("/any/path?q=1");
    for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
      JsonNode seen = http("x" + method.toLowerCase() + ".example", "/" + method.toLowerCase() + "/x", "-X", method).json();
      assertThat(seen.path("method").asText()).isEqualTo(method);
      assertThat(seen.path("path").asText()).isEqualTo("/" + method.toLowerCase() + "/x");
      assertThat(seen.path("proto").asText()).isEqualTo("HTTP/1.1");
      assertThat(seen.path("headers").path("host").asText()).isEqualTo("x" + method.toLowerCase() + ".example");
    }
    Answer headers = http("headers.example", "/", "-D", "-", "-o", "/dev/null");
    assertThat(headers.body().toLowerCase()).startsWith("http/1.1 200").contains("content-length:", "content-type:", "date:", "server:");
    podnet.ok("delete", "ingress", "default-backend", "-n", NS);
  }

  @Order(17)
  @Test
  void endpointsRemovedAndARollingUpdateUnderLoadFailNoRequest() {
    String load = "ok=0; bad=0; for i in $(seq 300); do c=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -H 'Host: lb.example' http://"
        + outside.ip() + "/); if [ \"$c\" = 200 ]; then ok=$((ok+1)); else bad=$((bad+1)); echo \"fail $c\"; fi; done; echo \"ok=$ok bad=$bad\"";
    java.util.concurrent.CompletableFuture<String> result = java.util.concurrent.CompletableFuture.supplyAsync(() -> outside.sh(load));
    Podnet.sleep(1500);
    assertThat(podnet.kubectl("scale", "deployment", "lb", "-n", NS, "--replicas=5").exit()).isZero();
    Podnet.sleep(3000);
    assertThat(podnet.kubectl("set", "env", "deployment/lb", "-n", NS, "ROLL=1").exit()).isZero();
    assertThat(result.orTimeout(4, java.util.concurrent.TimeUnit.MINUTES).join()).as("requests during scale-down and rollout")
        .contains("ok=300 bad=0");
  }

  /**
   * The controller Service has externalTrafficPolicy Local, so its address is announced from a
   * node with a ready replica: the replica killed is the one on the announcing node, and the
   * other (or its replacement) takes over, the announcement moving with it if it must.
   */
  @Order(18)
  @Test
  void aKilledControllerPodLeavesTheOtherReplicaServing() {
    Matcher m = Pattern.compile("announcing from node \"([^\"]+)\"").matcher(podnet.ok("describe", "svc", "controller", "-n", "podnet-ingress").out());
    assertThat(m.find()).as("describe svc names the announcing node").isTrue();
    String victim = null;
    List<String> placement = new java.util.ArrayList<>();
    for (JsonNode p : podnet.get("pods", "-n", "podnet-ingress").path("items")) {
      placement.add(p.path("metadata").path("name").asText() + "@" + p.path("spec").path("nodeName").asText());
      if (p.path("spec").path("nodeName").asText().equals(m.group(1))) {
        victim = p.path("metadata").path("name").asText();
      }
    }
    assertThat(victim).as("a controller replica on the announcing node %s", m.group(1)).isNotNull();
    // one shell loop outside, a request every 250 ms: a podnet exec per request would take longer than the failover
    String probe = "for i in $(seq 120); do curl -s -m 2 -o /dev/null -w '%{http_code}\\n' -H 'Host: lb.example' http://" + outside.ip()
        + "/; sleep 0.25; done";
    java.util.concurrent.CompletableFuture<String> codes = java.util.concurrent.CompletableFuture.supplyAsync(() -> outside.sh(probe));
    Podnet.sleep(2000);
    assertThat(podnet.kubectl("delete", "pod", victim, "-n", "podnet-ingress", "--grace-period=0", "--force").exit()).isZero();
    List<String> all = codes.orTimeout(4, java.util.concurrent.TimeUnit.MINUTES).join().lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    System.out.printf("after killing %s on the announcing node %s (replicas %s): %d of %d requests failed%n", victim, m.group(1), placement,
        all.stream().filter(c -> !c.equals("200")).count(), all.size());
    assertThat(all).hasSizeGreaterThanOrEqualTo(100);
    assertThat(all.subList(all.size() - 40, all.size())).as("the last 40 requests (10 s and more), served by another replica").containsOnly("200");
  }
}

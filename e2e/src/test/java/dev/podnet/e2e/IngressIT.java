package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * ingress_class, default_backend) plus the issue's own checks. Requests come from a pod through
 * the controller Service's ClusterIP: the LoadBalancer IP (issue 12) is not assigned yet.
 * OUTSIDE-THROUGH-LB-IP: once the controller Service gets its LoadBalancer IP, the same requests
 * must also be sent from the outside namespace ({@code podnet exec --outside}) to that IP, and
 * {@link #ingressStatusShowsTheLoadBalancerAddress} must stop skipping; see the marked lines.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngressIT {
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

  private final Podnet podnet = Podnet.forRun("ing");
  private Path tls;
  private String target;

  @BeforeAll
  void up() throws Exception {
    podnet.up("--nodes", "2");
    tls = Files.createTempDirectory("pni-ing-tls");
    certificate("cert", "foo.bar.com");
    podnet.apply(Podnet.resource("ingress-backends.yaml").replace("BACKENDS", backends()));
    podnet.apply(secret("cert"));
    podnet.apply(Podnet.resource("ingress-rules.yaml"));
    podnet.await("backend pods Ready", READY, l -> ClusterIT.readyCount(l) == 17, "pods", "-n", NS);
    podnet.await("controller pods Ready", READY, l -> ClusterIT.readyCount(l) == 2, "pods", "-n", "podnet-ingress");
    // OUTSIDE-THROUGH-LB-IP: target = the controller Service's status.loadBalancer.ingress[0].ip, requests from --outside
    target = podnet.get("svc", "controller", "-n", "podnet-ingress").path("spec").path("clusterIP").asText();
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

  private void certificate(String name, String host) {
    Exec.Result r = Exec.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + host,
        "-addext", "subjectAltName=DNS:" + host, "-keyout", tls.resolve(name + ".key").toString(), "-out", tls.resolve(name + ".crt").toString()),
        null, Duration.ofSeconds(30));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
  }

  /** The kubernetes.io/tls Secret as {@code kubectl create secret tls --dry-run=client -o yaml} writes it. */
  private String secret(String name) throws Exception {
    java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
    return "apiVersion: v1\nkind: Secret\nmetadata: {name: conformance-tls, namespace: " + NS + "}\ntype: kubernetes.io/tls\ndata:\n"
        + "  tls.crt: " + b64.encodeToString(Files.readAllBytes(tls.resolve(name + ".crt"))) + "\n"
        + "  tls.key: " + b64.encodeToString(Files.readAllBytes(tls.resolve(name + ".key"))) + "\n";
  }

  /** What curl in the client pod got: status, HTTP version and body. */
  record Answer(int status, String version, String body) {
    boolean servedBy(String deployment) {
      return status == 200 && body.startsWith(deployment + "-");
    }
  }

  private Answer curl(String... args) {
    List<String> argv = new ArrayList<>(List.of("exec", "-n", NS, "client", "--", "curl", "-s", "-m", "5", "-w", "\n%{http_code} %{http_version}"));
    argv.addAll(List.of(args));
    Podnet.Result r = podnet.run(argv.toArray(String[]::new));
    String out = r.out();
    int nl = out.lastIndexOf('\n');
    String[] tail = out.substring(nl + 1).trim().split(" ");
    return new Answer(Integer.parseInt(tail[0]), tail.length > 1 ? tail[1] : "", nl < 0 ? "" : out.substring(0, nl));
  }

  private Answer http(String host, String path) {
    return curl("-H", "Host: " + host, "http://" + target + path);
  }

  private Answer https(String host, String path, String certName, String... more) {
    List<String> a = new ArrayList<>(List.of("--cacert", tls.resolve(certName + ".crt").toString(), "--resolve", host + ":443:" + target));
    a.addAll(List.of(more));
    a.add("https://" + host + path);
    return curl(a.toArray(String[]::new));
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
    Answer secure = https("foo.bar.com", "/", "cert");
    assertThat(secure.servedBy("exact")).as("curl verified the certificate of foo.bar.com: %s", secure).isTrue();
    assertThat(http("bar.foo.com", "/").servedBy("wild")).isTrue();
    assertThat(http("subdomain.bar.com", "/").status()).isEqualTo(404);
    assertThat(http("baz.bar.foo.com", "/").status()).isEqualTo(404);
    assertThat(http("foo.com", "/").status()).isEqualTo(404);
  }

  @Order(3)
  @Test
  void plainHttpToATlsHostIs308ToHttpsAndHttp2IsSpokenThere() {
    Answer redirect = curl("-H", "Host: secure.example", "-D", "-", "-o", "/dev/null", "http://" + target + "/p?q=1");
    assertThat(redirect.status()).isEqualTo(308);
    assertThat(redirect.body().toLowerCase()).contains("location: https://secure.example/p?q=1");
    assertThat(https("foo.bar.com", "/", "cert", "--http2").version()).isEqualTo("2");
    assertThat(https("foo.bar.com", "/", "cert", "--http1.1", "--tls-max", "1.2").version()).isEqualTo("1.1");
  }

  @Order(4)
  @Test
  void loadBalancingSpreadsAHundredRequestsOverTenPods() {
    String script = "for i in $(seq 100); do curl -s -m 5 -H 'Host: lb.example' http://" + target + "/; echo; done";
    String out = podnet.ok("exec", "-n", NS, "client", "--", "sh", "-c", script).out();
    Map<String, Integer> byPod = new HashMap<>();
    out.lines().filter(l -> l.startsWith("lb-")).forEach(l -> byPod.merge(l.trim(), 1, Integer::sum));
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
  void ingressStatusShowsTheLoadBalancerAddress() {
    String lbIp = podnet.get("svc", "controller", "-n", "podnet-ingress").path("status").path("loadBalancer").path("ingress").path(0).path("ip")
        .asText("");
    org.junit.jupiter.api.Assumptions.assumeFalse(lbIp.isEmpty(), "OUTSIDE-THROUGH-LB-IP: the controller Service has no LoadBalancer IP yet");
    podnet.await("status.loadBalancer of path-rules", Duration.ofSeconds(30),
        i -> i.path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText().equals(lbIp), "ingress", "path-rules", "-n", NS);
  }

  @Order(7)
  @Test
  void aRotatedSecretIsServedWithinSeconds() throws Exception {
    certificate("rotated", "foo.bar.com");
    long t0 = System.nanoTime();
    podnet.apply(secret("rotated"));
    long end = t0 + Duration.ofSeconds(10).toNanos();
    Answer a = https("foo.bar.com", "/", "rotated");
    while (a.status() != 200 && System.nanoTime() < end) {
      Podnet.sleep(200);
      a = https("foo.bar.com", "/", "rotated");
    }
    assertThat(a.servedBy("exact")).as("the rotated certificate verified within 10 s: %s", a).isTrue();
    System.out.printf("rotated certificate served after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
  }

  @Order(8)
  @Test
  void aMissingServiceIsAcceptedReportedInAnEventAndOtherRoutesKeepWorking() {
    podnet.apply("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: broken, namespace: " + NS + "}\nspec:\n  rules:\n"
        + "  - host: broken.example\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: nowhere, port: {number: 80}}}}\n");
    podnet.await("a ServiceNotFound event", Duration.ofSeconds(30), l -> l.path("items").findValuesAsText("reason").contains("ServiceNotFound"),
        "events", "-n", NS);
    assertThat(http("broken.example", "/").status()).isEqualTo(503);
    assertThat(http("prefix-path-rules", "/foo").servedBy("prefix")).isTrue();
  }

  @Order(9)
  @Test
  void malformedRequestsAre400AndNeverReachABackend() {
    String smuggle = "printf 'POST / HTTP/1.1\\r\\nHost: lb.example\\r\\nContent-Length: 4\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n"
        + "GET / HTTP/1.1\\r\\nHost: lb.example\\r\\n\\r\\n' | socat -t 2 - TCP:" + target + ":80";
    String out = podnet.ok("exec", "-n", NS, "client", "--", "sh", "-c", smuggle).out();
    assertThat(out).startsWith("HTTP/1.1 400").doesNotContain("lb-");
    String badHost = "printf 'GET / HTTP/1.1\\r\\nHost: lb.example/../x\\r\\n\\r\\n' | socat -t 2 - TCP:" + target + ":80";
    assertThat(podnet.ok("exec", "-n", NS, "client", "--", "sh", "-c", badHost).out()).startsWith("HTTP/1.1 400");
    Answer big = curl("-H", "Host: lb.example", "-H", "X-Big: " + "a".repeat(40_000), "http://" + target + "/");
    assertThat(big.status()).isEqualTo(400);
  }

  @Order(10)
  @Test
  void endpointsRemovedAndARollingUpdateUnderLoadFailNoRequest() {
    String load = "ok=0; bad=0; for i in $(seq 300); do c=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -H 'Host: lb.example' http://" + target
        + "/); if [ \"$c\" = 200 ]; then ok=$((ok+1)); else bad=$((bad+1)); echo \"fail $c\"; fi; done; echo \"ok=$ok bad=$bad\"";
    String[] result = new String[1];
    Thread loader = new Thread(() -> result[0] = podnet.run("exec", "-n", NS, "client", "--", "sh", "-c", load).out());
    loader.start();
    Podnet.sleep(1500);
    assertThat(podnet.kubectl("scale", "deployment", "lb", "-n", NS, "--replicas=5").exit()).isZero();
    Podnet.sleep(3000);
    assertThat(podnet.kubectl("set", "env", "deployment/lb", "-n", NS, "ROLL=1").exit()).isZero();
    try {
      loader.join(Duration.ofMinutes(4).toMillis());
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(result[0]).as("requests during scale-down and rollout").contains("ok=300 bad=0");
  }

  @Order(11)
  @Test
  void aKilledControllerPodLeavesTheOtherReplicaServing() throws InterruptedException {
    JsonNode pods = podnet.get("pods", "-n", "podnet-ingress");
    String victim = pods.path("items").path(0).path("metadata").path("name").asText();
    // requests every 250 ms from inside the pod (a podnet exec per request would take longer than the failover)
    String probe = "for i in $(seq 60); do curl -s -m 2 -o /dev/null -w '%{http_code}\\n' -H 'Host: lb.example' http://" + target
        + "/; sleep 0.25; done";
    String[] codes = new String[1];
    Thread prober = new Thread(() -> codes[0] = podnet.run("exec", "-n", NS, "client", "--", "sh", "-c", probe).out());
    prober.start();
    Podnet.sleep(1000);
    assertThat(podnet.kubectl("delete", "pod", victim, "-n", "podnet-ingress", "--grace-period=0", "--force").exit()).isZero();
    prober.join(Duration.ofMinutes(3).toMillis());
    List<String> all = codes[0].lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    System.out.printf("after killing %s: %d of %d requests failed%n", victim, all.stream().filter(c -> !c.equals("200")).count(), all.size());
    assertThat(all).hasSizeGreaterThanOrEqualTo(40);
    assertThat(all.subList(all.size() - 20, all.size())).as("the last 20 requests, served by the other replica").containsOnly("200");
  }

  @Order(12)
  @Test
  void aDefaultBackendTakesAnyMethodHostAndPath() {
    podnet.apply("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: default-backend, namespace: " + NS + "}\nspec:\n"
        + "  defaultBackend: {service: {name: default-echo, port: {number: 8080}}}\n");
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Answer a = http("anything.example", "/echo?msg=hello");
    while (a.status() != 200 && System.nanoTime() < end) {
      Podnet.sleep(300);
      a = http("anything.example", "/echo?msg=hello");
    }
    assertThat(a.body()).isEqualTo("hello");
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      assertThat(curl("-X", method, "-H", "Host: x" + method.toLowerCase() + ".example", "http://" + target + "/echo?msg=" + method).body())
          .isEqualTo(method);
    }
    Answer headers = curl("-D", "-", "-o", "/dev/null", "-H", "Host: headers.example", "http://" + target + "/echo?msg=x");
    assertThat(headers.body().toLowerCase()).contains("content-length:", "content-type:", "date:").startsWith("http/1.1 200");
    podnet.ok("delete", "ingress", "default-backend", "-n", NS);
  }
}

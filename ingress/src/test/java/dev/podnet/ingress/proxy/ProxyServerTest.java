package dev.podnet.ingress.proxy;

import static dev.podnet.ingress.proxy.TestRoutes.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.ingress.route.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy as clients meet it: a real listener, real clients, recording backends on loopback. */
@org.junit.jupiter.api.Timeout(30)
class ProxyServerTest {
  final List<RequestRecord> records = new CopyOnWriteArrayList<>();
  final AtomicReference<RouteTable> routes = new AtomicReference<>(RouteTable.empty());
  final Certificates certs = Certificates.selfSigned();
  RecordingBackend a;
  RecordingBackend b;
  ProxyServer proxy;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  void start() throws Exception {
    a = new RecordingBackend("a");
    b = new RecordingBackend("b");
    proxy = ProxyServer.start(new ProxyServer.Listen(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0), 2),
        ProxyConfig.DEFAULTS, routes::get, certs, records::add);
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
      a.close();
      b.close();
    }
  }

  HttpResponse<String> get(String host, String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.httpAddress().getPort() + path)).header("Host", host)
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Writes raw bytes and reads until the proxy closes or stops answering. */
  String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", proxy.httpAddress().getPort())) {
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder sb = new StringBuilder();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0;) {
          sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
      } catch (java.net.SocketTimeoutException e) {
        // kept alive: what arrived is the answer
      }
      return sb.toString();
    }
  }

  @Test
  void aRoutedRequestReachesItsServiceWithTheForwardingHeadersIngressNginxSets() throws Exception {
    start();
    routes.set(new TestRoutes().service("web", a.address()).ingress("web", "", rule("foo.bar.com", "/", "web"), "").table());
    HttpResponse<String> r = get("foo.bar.com", "/hello?x=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("a GET /hello?x=1 0\n");
    RecordingBackend.Seen seen = a.seen.get(0);
    assertThat(seen.headers()).containsEntry("host", "foo.bar.com").containsEntry("x-real-ip", "127.0.0.1").containsEntry("x-forwarded-for", "127.0.0.1")
        .containsEntry("x-forwarded-host", "foo.bar.com").containsEntry("x-forwarded-proto", "http")
        .containsEntry("x-forwarded-port", String.valueOf(proxy.httpAddress().getPort())).containsEntry("x-scheme", "http");
    assertThat(seen.headers().get("x-request-id")).matches("[0-9a-f]{32}");
    // the record is written once the response has gone out, which may be just after the client has it
    for (int i = 0; i < 500 && records.isEmpty(); i++) {
      Thread.sleep(10);
    }
    assertThat(records).singleElement().satisfies(rec -> {
      assertThat(rec.status()).isEqualTo(200);
      assertThat(rec.site().ingress()).isEqualTo("default/web");
      assertThat(rec.upstream()).isEqualTo("default/web:80");
    });
  }

  @Test
  void aClientsOwnForwardedForIsNotTrustedAndItsRequestIdIsKept() throws Exception {
    start();
    routes.set(new TestRoutes().service("web", a.address()).ingress("web", "", rule(null, "/", "web"), "").table());
    client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.httpAddress().getPort() + "/")).header("X-Forwarded-For", "6.6.6.6")
        .header("X-Request-ID", "abc").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(a.seen.get(0).headers()).containsEntry("x-forwarded-for", "127.0.0.1").containsEntry("x-original-forwarded-for", "6.6.6.6")
        .containsEntry("x-request-id", "abc");
  }

  @Test
  void nothingMatchingIs404AndAServiceWithoutEndpointsIs503WithTheUsualHeaders() throws Exception {
    start();
    routes.set(new TestRoutes().service("empty").ingress("web", "", rule("foo.bar.com", "/", "empty"), "").table());
    HttpResponse<String> notFound = get("other.com", "/");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(notFound.headers().map()).containsKeys("content-length", "content-type", "date", "server");
    HttpResponse<String> unavailable = get("foo.bar.com", "/");
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(unavailable.body()).contains("service default/empty:80 has no ready endpoints");
  }

  @Test
  void requestsOnOneClientConnectionReuseOneUpstreamConnection() throws Exception {
    start();
    routes.set(new TestRoutes().service("web", a.address()).ingress("web", "", rule(null, "/", "web"), "").table());
    for (int i = 0; i < 20; i++) {
      assertThat(get("x", "/" + i).statusCode()).isEqualTo(200);
    }
    assertThat(a.seen).hasSize(20);
    assertThat(a.connections.get()).isEqualTo(1);
  }

  @Test
  void aRefusedConnectMovesToTheNextEndpointSoNoRequestFails() throws Exception {
    start();
    InetSocketAddress dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
    routes.set(new TestRoutes().service("web", dead, a.address()).ingress("web", "", rule(null, "/", "web"), "").table());
    for (int i = 0; i < 6; i++) {
      assertThat(get("x", "/").statusCode()).isEqualTo(200);
    }
  }

  /** ingress-nginx retries only where nothing was sent: a request a backend read may have had effects, so it is never sent twice. */
  @Test
  void aRequestABackendReadAndDroppedIsAnsweredWith502AndNotSentToAnotherEndpoint() throws Exception {
    start();
    routes.set(new TestRoutes().service("web", a.address(), b.address()).ingress("web", "", rule(null, "/", "web"), "").table());
    assertThat(get("x", "/drop/once").statusCode()).isEqualTo(502);
    assertThat(a.seen.size() + b.seen.size()).as("backends that saw the request").isEqualTo(1);
    assertThat(get("x", "/after").statusCode()).as("the proxy serves on").isEqualTo(200);
  }

  @Test
  void requestsSpreadOverTheEndpointsRoundRobin() throws Exception {
    start();
    routes.set(new TestRoutes().service("web", a.address(), b.address()).ingress("web", "", rule(null, "/", "web"), "").table());
    for (int i = 0; i < 10; i++) {
      get("x", "/");
    }
    assertThat(a.seen).hasSize(5);
    assertThat(b.seen).hasSize(5);
  }

  @Test
  void aNewTableTakesEffectForTheNextRequestOnTheSameConnection() throws Exception {
    start();
    routes.set(new TestRoutes().service("one", a.address()).ingress("web", "", rule(null, "/", "one"), "").table());
    assertThat(get("x", "/").body()).startsWith("a ");
    routes.set(new TestRoutes().service("two", b.address()).ingress("web", "", rule(null, "/", "two"), "").table());
    assertThat(get("x", "/").body()).startsWith("b ");
  }

  @Test
  void smugglingAttemptsBadHostsAndOversizedHeadersAre400AndNeverReachABackend() throws Exception {
    start();
    routes.set(new TestRoutes().service("web", a.address()).ingress("web", "", rule(null, "/", "web"), "").table());
    assertThat(raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 400 ").doesNotContain("200 OK");
    assertThat(raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde")).startsWith("HTTP/1.1 400 ");
    assertThat(raw("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    assertThat(raw("GET / HTTP/1.1\r\nHost: a b\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    assertThat(raw("GET / HTTP/1.1\r\nHost: evil.com/x\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    assertThat(raw("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    assertThat(raw("GET / HTTP/1.1\r\nUser-Agent: x\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    assertThat(raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    assertThat(a.seen).isEmpty();
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    start();
    routes.set(new TestRoutes().service("web", a.address()).ingress("web", "", rule(null, "/", "web"), "").table());
    String out = raw("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(out.indexOf("a GET /1")).isPositive().isLessThan(out.indexOf("a GET /2"));
    assertThat(out.indexOf("a GET /2")).isLessThan(out.indexOf("a GET /3"));
  }

  @Test
  void aLargeRequestBodyIsStreamedThroughWhole() throws Exception {
    start();
    routes.set(new TestRoutes().service("web", a.address()).ingress("web", "", rule(null, "/", "web"), "").table());
    byte[] body = new byte[8 * 1024 * 1024];
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.httpAddress().getPort() + "/up"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("a POST /up " + body.length + "\n");
  }

  @Test
  void headRequestsKeepTheConnectionUsable() throws Exception {
    start();
    routes.set(new TestRoutes().service("web", a.address()).ingress("web", "", rule(null, "/", "web"), "").table());
    String out = raw("HEAD /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(out).contains("a GET /2 0").doesNotContain("a HEAD");
    assertThat(out.split("HTTP/1.1 200 OK", -1)).hasSize(3);
  }

  @Test
  void plainHttpToATlsHostIsRedirectedWith308UnlessTheIngressSaysNot() throws Exception {
    start();
    String tls = "  tls:\n  - hosts: [foo.bar.com]\n    secretName: s\n";
    routes.set(new TestRoutes().service("web", a.address()).ingress("web", "", rule("foo.bar.com", "/", "web"), tls).table());
    HttpResponse<String> r = get("foo.bar.com", "/p?q=1");
    assertThat(r.statusCode()).isEqualTo(308);
    assertThat(r.headers().firstValue("location")).hasValue("https://foo.bar.com/p?q=1");
    routes.set(new TestRoutes().service("web", a.address()).ingress("web", "    podnet.dev/ssl-redirect: \"false\"\n",
        rule("foo.bar.com", "/", "web"), tls).table());
    assertThat(get("foo.bar.com", "/p").statusCode()).isEqualTo(200);
  }

  @Test
  void rewriteTargetReplacesTheMatchedPrefix() throws Exception {
    start();
    routes.set(new TestRoutes().service("web", a.address()).ingress("web", "    nginx.ingress.kubernetes.io/rewrite-target: /\n",
        rule(null, "/api", "web"), "").table());
    assertThat(get("x", "/api/v1/items?q=1").body()).isEqualTo("a GET /v1/items?q=1 0\n");
    assertThat(get("x", "/api").body()).isEqualTo("a GET / 0\n");
  }

  @Test
  void aBodyOverTheConfiguredLimitIs413() throws Exception {
    start();
    routes.set(new TestRoutes().service("web", a.address()).ingress("web", "    podnet.dev/proxy-body-size: 1k\n", rule(null, "/", "web"), "")
        .table());
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.httpAddress().getPort() + "/"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2048])).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(a.seen).isEmpty();
  }

  @Test
  void aWebSocketIsUpgradedAndEchoedThroughTheProxy() throws Exception {
    start();
    routes.set(new TestRoutes().service("web", a.address()).ingress("web", "", rule(null, "/", "web"), "").table());
    List<String> got = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch two = new java.util.concurrent.CountDownLatch(2);
    java.net.http.WebSocket ws = client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + proxy.httpAddress().getPort() + "/ws"),
        new java.net.http.WebSocket.Listener() {
          @Override
          public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data, boolean last) {
            got.add(data.toString());
            two.countDown();
            w.request(1);
            return null;
          }
        }).get(5, java.util.concurrent.TimeUnit.SECONDS);
    ws.sendText("one", true).get(5, java.util.concurrent.TimeUnit.SECONDS);
    ws.sendText("two", true).get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(two.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(got).containsExactly("echo: one", "echo: two");
    ws.sendClose(1000, "bye").get(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void theListenersComeUpQuicklyAndTheProxyAnswersWithinTimeouts() throws Exception {
    start();
    long t0 = System.nanoTime();
    assertThat(get("x", "/").statusCode()).isEqualTo(404);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void backendProtocolHttpsSpeaksTlsToTheEndpoints() throws Exception {
    start();
    io.netty.handler.ssl.util.SelfSignedCertificate cert = new io.netty.handler.ssl.util.SelfSignedCertificate("pod.local");
    try (RecordingBackend secure = new RecordingBackend("secure",
        io.netty.handler.ssl.SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build())) {
      routes.set(new TestRoutes().service("web", secure.address()).ingress("web", "    nginx.ingress.kubernetes.io/backend-protocol: HTTPS\n",
          rule(null, "/", "web"), "").table());
      assertThat(get("x", "/tls").body()).isEqualTo("secure GET /tls 0\n");
      routes.set(new TestRoutes().service("web", secure.address()).ingress("web", "", rule(null, "/", "web"), "").table());
      assertThat(get("x", "/plain").statusCode()).as("plain HTTP to a TLS endpoint").isEqualTo(502);
    }
  }

  @Test
  void cookieAffinityPinsAClientToTheEndpointItFirstReached() throws Exception {
    start();
    routes.set(new TestRoutes().service("web", a.address(), b.address()).ingress("web", "    nginx.ingress.kubernetes.io/affinity: cookie\n",
        rule(null, "/", "web"), "").table());
    HttpResponse<String> first = get("x", "/");
    String cookie = first.headers().firstValue("set-cookie").orElseThrow();
    assertThat(cookie).startsWith("INGRESSCOOKIE=").endsWith("; Path=/; HttpOnly");
    String backend = first.body().substring(0, 1);
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> again = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.httpAddress().getPort() + "/"))
          .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(again.body()).startsWith(backend);
      assertThat(again.headers().firstValue("set-cookie")).isEmpty();
    }
  }

  @Test
  void aCanaryTakesRequestsByHeaderAndByWeight() throws Exception {
    start();
    String canary = "    nginx.ingress.kubernetes.io/canary: \"true\"\n    nginx.ingress.kubernetes.io/canary-by-header: X-Canary\n";
    routes.set(new TestRoutes().service("main", a.address()).service("next", b.address()).ingress("main", "", rule(null, "/", "main"), "")
        .ingress("next", canary, rule(null, "/", "next"), "").table());
    String url = "http://127.0.0.1:" + proxy.httpAddress().getPort() + "/";
    for (String[] c : new String[][] {{"always", "b"}, {"never", "a"}, {"maybe", "a"}}) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).header("X-Canary", c[0]).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).as("X-Canary: " + c[0]).startsWith(c[1] + " ");
    }
    assertThat(get("x", "/").body()).as("no header, weight 0").startsWith("a ");
    routes.set(new TestRoutes().service("main", a.address()).service("next", b.address()).ingress("main", "", rule(null, "/", "main"), "")
        .ingress("next", canary + "    nginx.ingress.kubernetes.io/canary-weight: \"100\"\n", rule(null, "/", "next"), "").table());
    for (int i = 0; i < 5; i++) {
      assertThat(get("x", "/").body()).as("weight 100").startsWith("b ");
    }
  }
}

package dev.podnet.ingress.proxy;

import static dev.podnet.ingress.proxy.TestRoutes.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.ingress.route.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTPS as clients see it: the certificate chosen by SNI, rotation, TLS 1.2 and 1.3, HTTP/2 by ALPN. */
@Timeout(30)
class TlsTest {
  final AtomicReference<RouteTable> routes = new AtomicReference<>();
  final Certificates certs = Certificates.selfSigned();
  RecordingBackend backend;
  ProxyServer proxy;

  static byte[] pem(String name) throws IOException {
    try (InputStream in = TlsTest.class.getResourceAsStream("/tls/" + name)) {
      return in.readAllBytes();
    }
  }

  @BeforeEach
  void start() throws Exception {
    backend = new RecordingBackend("web");
    routes.set(new TestRoutes().service("web", backend.address()).ingress("web", "", rule(null, "/", "web"), "").table());
    proxy = ProxyServer.start(new ProxyServer.Listen(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0), 2),
        ProxyConfig.DEFAULTS, routes::get, certs, r -> { });
  }

  @AfterEach
  void stop() {
    proxy.close();
    backend.close();
  }

  /** Trusts anything and remembers what the server presented. */
  static final class Recording implements X509TrustManager {
    volatile X509Certificate presented;

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      presented = chain[0];
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** Handshakes with {@code sni} (none when null) and {@code protocol}; returns the subject and the protocol agreed. */
  String handshake(String sni, String protocol) throws Exception {
    Recording trust = new Recording();
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {trust}, null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", proxy.httpsAddress().getPort())) {
      SSLParameters p = s.getSSLParameters();
      if (sni != null) {
        p.setServerNames(List.of(new SNIHostName(sni)));
      }
      p.setProtocols(new String[] {protocol});
      s.setSSLParameters(p);
      s.startHandshake();
      return trust.presented.getSubjectX500Principal().getName() + " " + s.getSession().getProtocol();
    }
  }

  @Test
  void theCertificateOfTheRequestedNameIsServedAndOthersGetTheDefault() throws Exception {
    certs.update(Map.of("foo.bar.com", Certificates.context(pem("cert.pem"), pem("key.pem"))));
    assertThat(handshake("foo.bar.com", "TLSv1.3")).isEqualTo("CN=foo.bar.com TLSv1.3");
    assertThat(handshake("foo.bar.com", "TLSv1.2")).isEqualTo("CN=foo.bar.com TLSv1.2");
    assertThat(handshake("other.com", "TLSv1.3")).isEqualTo("CN=ingress.local TLSv1.3");
    assertThat(handshake(null, "TLSv1.2")).isEqualTo("CN=ingress.local TLSv1.2");
  }

  @Test
  void aWildcardCertificateCoversOneLabelAndATraditionalRsaKeyLoads() throws Exception {
    certs.update(Map.of("*.bar.com", Certificates.context(pem("cert.pem"), pem("key.pem")), "legacy.com",
        Certificates.context(pem("rsa-cert.pem"), pem("rsa-key.pem"))));
    assertThat(handshake("x.bar.com", "TLSv1.3")).startsWith("CN=foo.bar.com");
    assertThat(handshake("legacy.com", "TLSv1.3")).startsWith("CN=legacy.com");
  }

  @Test
  void aRotatedCertificateIsServedFromTheNextHandshake() throws Exception {
    certs.update(Map.of("foo.bar.com", Certificates.context(pem("cert.pem"), pem("key.pem"))));
    Recording first = new Recording();
    String before = handshake("foo.bar.com", "TLSv1.3");
    certs.update(Map.of("foo.bar.com", Certificates.context(pem("cert2.pem"), pem("key2.pem"))));
    assertThat(handshake("foo.bar.com", "TLSv1.3")).isEqualTo(before); // same subject...
    Recording trust = new Recording();
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {trust}, null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", proxy.httpsAddress().getPort())) {
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(List.of(new SNIHostName("foo.bar.com")));
      s.setSSLParameters(p);
      s.startHandshake();
    }
    X509Certificate expected = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(pem("cert2.pem")));
    assertThat(trust.presented).isEqualTo(expected); // ...but the new key pair
    assertThat(first.presented).isNull();
  }

  @Test
  void http2IsNegotiatedByAlpnAndProxiedToAnHttp11Backend() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new Recording()}, null);
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(ctx).build();
    URI uri = URI.create("https://127.0.0.1:" + proxy.httpsAddress().getPort() + "/h2?x=1");
    HttpResponse<String> get = h2.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("web GET /h2?x=1 0\n");
    HttpResponse<String> post = h2.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.body()).isEqualTo("web POST /h2?x=1 5\n");
    assertThat(backend.seen.get(0).headers()).containsEntry("x-forwarded-proto", "https").doesNotContainKey("x-http2-stream-id");
  }
}

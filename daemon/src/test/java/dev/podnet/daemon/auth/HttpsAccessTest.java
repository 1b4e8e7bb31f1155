package dev.podnet.daemon.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.daemon.api.ApiListener;
import dev.podnet.daemon.api.ApiResponse;
import dev.podnet.daemon.api.ApiServer;
import dev.podnet.daemon.pki.ClusterPki;
import dev.podnet.daemon.pki.Credential;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole door on a real socket: TLS with the cluster CA, client certificates, bearer tokens, 401 and 403. */
class HttpsAccessTest {
  @TempDir
  Path dir;
  private ClusterPki pki;
  private ServiceAccountTokens tokens;
  private ApiServer server;
  private int port;

  @BeforeEach
  void serve() throws Exception {
    pki = ClusterPki.ensure(dir.resolve("pki"), List.of(InetAddress.getByName("127.0.0.1")));
    tokens = new ServiceAccountTokens(pki.serviceAccountKey(), (ns, name) -> Optional.of("uid-" + name), Clock.systemUTC());
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    var ssl = SslContextBuilder.forServer(pki.serving().key(), pki.serving().certificate()).trustManager(pki.ca().certificate())
        .clientAuth(ClientAuth.OPTIONAL).build();
    var listener = new ApiListener.Https(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), ssl,
        new Authenticator(pki.ca().certificate(), tokens));
    server = ApiServer.start(listener, new AccessControl(r -> new ApiResponse.Text(200, "hello " + r.caller().user()), new Authorizer()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpClient client(Optional<Credential> identity) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", pki.ca().certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (identity.isPresent()) {
      keys.setKeyEntry("me", identity.get().key(), new char[0], new Certificate[] {identity.get().certificate()});
    }
    kmf.init(keys, new char[0]);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private HttpResponse<String> get(HttpClient c, String path, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path));
    if (!bearer.isEmpty()) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theAdminCertificateIsKubernetesAdmin() throws Exception {
    HttpResponse<String> r = get(client(Optional.of(pki.admin())), "/api/v1/nodes", "");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello kubernetes-admin");
  }

  @Test
  void noCredentialsIsUnauthorizedButHealthIsOpen() throws Exception {
    HttpResponse<String> r = get(client(Optional.empty()), "/api/v1/nodes", "");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"reason\":\"Unauthorized\"", "\"kind\":\"Status\"");
    assertThat(get(client(Optional.empty()), "/healthz", "").statusCode()).isEqualTo(200);
    assertThat(get(client(Optional.empty()), "/api/v1/nodes", "not.a.token").statusCode()).isEqualTo(401);
  }

  @Test
  void aServiceAccountTokenReadsButMayNotWrite() throws Exception {
    String t = tokens.issue(new ServiceAccountTokens.Subject("default", "default", "uid-default", Optional.empty()), Duration.ofMinutes(5));
    HttpResponse<String> r = get(client(Optional.empty()), "/api/v1/namespaces/default/pods", t);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello system:serviceaccount:default:default");
    HttpResponse<String> w = client(Optional.empty()).send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/v1/namespaces/default/pods"))
        .header("Authorization", "Bearer " + t).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(w.statusCode()).isEqualTo(403);
  }
}

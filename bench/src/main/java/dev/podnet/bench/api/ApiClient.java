package dev.podnet.bench.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The API as a client with a kubeconfig sees it: HTTPS, the cluster CA, the admin's client
 * certificate, one keep-alive connection pool. Plain HTTP for a {@code http://} server (a relay).
 */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private final URI server;
  private final HttpClient http;

  private ApiClient(URI server, HttpClient http) {
    this.server = server;
    this.http = http;
  }

  static ApiClient plain(URI server) {
    return new ApiClient(server, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build());
  }

  /** From a kubeconfig's current context: server, CA data, client certificate and key data. */
  static ApiClient fromKubeconfig(String yaml) throws Exception {
    JsonNode kc = new YAMLMapper().readTree(yaml);
    String ctx = kc.path("current-context").asText();
    JsonNode context = byName(kc.path("contexts"), ctx).path("context");
    JsonNode cluster = byName(kc.path("clusters"), context.path("cluster").asText()).path("cluster");
    JsonNode user = byName(kc.path("users"), context.path("user").asText()).path("user");
    X509Certificate ca = cert(decode(cluster.path("certificate-authority-data").asText()));
    X509Certificate mine = cert(decode(user.path("client-certificate-data").asText()));
    PrivateKey key = key(decode(user.path("client-key-data").asText()));

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("me", key, new char[0], new Certificate[] {mine});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpClient http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    return new ApiClient(URI.create(cluster.path("server").asText()), http);
  }

  private static JsonNode byName(JsonNode list, String name) {
    for (JsonNode n : list) {
      if (n.path("name").asText().equals(name)) {
        return n;
      }
    }
    throw new IllegalArgumentException("kubeconfig has no entry named '" + name + "'");
  }

  private static String decode(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  private static X509Certificate cert(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static PrivateKey key(String pem) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      JcaPEMKeyConverter c = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        return c.getKeyPair(kp).getPrivate();
      }
      if (o instanceof PrivateKeyInfo info) {
        return c.getPrivateKey(info);
      }
      throw new IOException("client-key-data is not a PEM private key (" + (o == null ? "empty" : o.getClass().getSimpleName()) + ")");
    }
  }

  /** One request; the answer's status and body; non-2xx fails. */
  String send(String method, String path, String contentType, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /** A watch: the lines of the stream, as they come. */
  Stream<String> watch(String path) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(server.resolve(path)).header("Accept", "application/json").GET().build();
    HttpResponse<Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200) {
      throw new IOException("watch " + path + " answered " + r.statusCode());
    }
    return r.body();
  }
}

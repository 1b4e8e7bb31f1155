package dev.podnet.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * kubeadm's token discovery with CA pinning: read {@code kube-public/cluster-info} before trusting
 * the server (so over TLS that is not verified yet), take the CA from its kubeconfig, and accept
 * it only if it matches the hash the admin handed over. Everything after goes over verified TLS.
 */
public final class ClusterDiscovery {
  static final String CLUSTER_INFO = "/api/v1/namespaces/kube-public/configmaps/cluster-info";

  private ClusterDiscovery() {}

  /** The cluster's CA (PEM), once it matches {@code caCertHash}. */
  public static String trustedCa(URI server, String caCertHash) {
    String body = fetch(server);
    try {
      JsonNode cm = ApiStore.JSON.readTree(body);
      JsonNode kubeconfig = new YAMLMapper().readTree(cm.path("data").path("kubeconfig").asText(""));
      String data = kubeconfig.path("clusters").path(0).path("cluster").path("certificate-authority-data").asText("");
      if (data.isEmpty()) {
        throw new ClientException(server + CLUSTER_INFO + " has no CA in its kubeconfig: is this a podnet or kubeadm control plane?");
      }
      String ca = new String(Base64.getDecoder().decode(data.strip()), StandardCharsets.US_ASCII);
      String actual = CaCertHash.of(ca);
      if (!actual.equalsIgnoreCase(caCertHash.strip())) {
        throw new ClientException("the cluster CA at " + server + " hashes to " + actual + ", not " + caCertHash
            + ": wrong --ca-cert-hash, or not the server you meant (ask the admin for `podnet token create` output again)");
      }
      return ca;
    } catch (IOException | IllegalArgumentException e) {
      throw new ClientException(server + CLUSTER_INFO + " is not a cluster-info ConfigMap: " + e.getMessage(), e);
    }
  }

  private static String fetch(URI server) {
    try {
      SSLContext unverified = SSLContext.getInstance("TLS");
      unverified.init(null, new TrustManager[] {new AcceptAnyServer()}, new SecureRandom());
      HttpClient http = HttpClient.newBuilder().sslContext(unverified).connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.resolve(CLUSTER_INFO)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new ClientException("GET " + server + CLUSTER_INFO + " answered " + r.statusCode() + ": is --server the cluster's API?");
      }
      return r.body();
    } catch (IOException e) {
      throw new ClientException("cannot reach " + server + ": " + e.getMessage() + " (check --server and that this machine reaches it)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted while reading " + server + CLUSTER_INFO, e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available in this JDK", e);
    }
  }

  /** Only for the one unverified read above; its answer is checked against the pinned hash. */
  private static final class AcceptAnyServer implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("discovery never serves");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // pinned afterwards: the CA in the answer must hash to --ca-cert-hash
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

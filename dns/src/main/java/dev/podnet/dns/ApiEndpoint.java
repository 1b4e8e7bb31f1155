package dev.podnet.dns;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where the Kubernetes API is and how to prove who we are: in a pod, its service-account token
 * (re-read for every request, as kubelet rotates it) and cluster CA, at the address the
 * {@code kubernetes} Service's environment names, as client-go's rest.InClusterConfig; outside a
 * pod (tests, by hand), the kubeconfig, read by fabric8's Config, whose classes are then the only
 * fabric8 ones this server loads.
 */
record ApiEndpoint(URI base, SSLContext ssl, Supplier<Optional<String>> token) {
  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  /** In a pod (KUBERNETES_SERVICE_HOST set) the in-cluster configuration only, else the kubeconfig. */
  static ApiEndpoint fromEnvironment() throws IOException {
    String host = System.getenv("KUBERNETES_SERVICE_HOST");
    if (host == null) {
      return fromKubeconfig();
    }
    String port = Optional.ofNullable(System.getenv("KUBERNETES_SERVICE_PORT")).orElse("443");
    return inCluster(URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port), SERVICE_ACCOUNT);
  }

  static ApiEndpoint inCluster(URI base, Path serviceAccount) throws IOException {
    Path ca = serviceAccount.resolve("ca.crt");
    Path token = serviceAccount.resolve("token");
    if (!Files.isReadable(ca) || !Files.isReadable(token)) {
      throw new IOException("in-cluster API configuration: " + ca + " or " + token + " is missing; is the pod's service-account"
          + " token mounted (automountServiceAccountToken)?");
    }
    try (InputStream in = Files.newInputStream(ca)) {
      return new ApiEndpoint(base, context(null, trusting(in)), () -> read(token));
    }
  }

  private static ApiEndpoint fromKubeconfig() throws IOException {
    var config = io.fabric8.kubernetes.client.Config.autoConfigure(null);
    try {
      KeyManager[] keys = io.fabric8.kubernetes.client.internal.SSLUtils.keyManagers(config);
      TrustManager[] trust = io.fabric8.kubernetes.client.internal.SSLUtils.trustManagers(config);
      String bearer = config.getOauthToken();
      return new ApiEndpoint(URI.create(config.getMasterUrl().replaceAll("/$", "")), context(keys, trust),
          () -> Optional.ofNullable(bearer));
    } catch (GeneralSecurityException e) {
      throw new IOException("kubeconfig " + config.getCurrentContext() + ": cannot load its certificates: " + e.getMessage(), e);
    }
  }

  private static TrustManager[] trusting(InputStream pem) throws IOException {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(store);
      return f.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IOException("cluster CA certificate: " + e.getMessage(), e);
    }
  }

  private static SSLContext context(KeyManager[] keys, TrustManager[] trust) throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, trust, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS context for the API: " + e.getMessage(), e);
    }
  }

  private static Optional<String> read(Path token) {
    try {
      return Optional.of(Files.readString(token).strip()).filter(t -> !t.isEmpty());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}

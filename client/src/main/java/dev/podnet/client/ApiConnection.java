package dev.podnet.client;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Where an API server is and how to prove who we are to it: its URL, the TLS context that trusts
 * its CA (and presents a client certificate, when the kubeconfig has one), and the bearer token,
 * if any. Resolved as kubectl resolves it: an explicit kubeconfig, else {@code $KUBECONFIG} or
 * {@code ~/.kube/config}, else the in-cluster service-account files.
 */
public record ApiConnection(URI server, SSLContext tls, TokenSource token, String caPem) {

  /** From a kubeconfig file (its current context). */
  public static ApiConnection fromKubeconfig(Path kubeconfig) {
    if (!Files.isReadable(kubeconfig)) {
      throw new ClientException("kubeconfig " + kubeconfig + " is not readable: give an existing file with --kubeconfig");
    }
    return of(Config.fromKubeconfig(kubeconfig.toFile()), "kubeconfig " + kubeconfig);
  }

  /** As kubectl finds one: {@code $KUBECONFIG}, {@code ~/.kube/config}, then in-cluster configuration. */
  public static ApiConnection auto() {
    return of(Config.autoConfigure(null), "the automatic configuration ($KUBECONFIG, ~/.kube/config, in-cluster)");
  }

  /** {@code kubeconfig} if given, else {@link #auto()}. */
  public static ApiConnection resolve(Optional<Path> kubeconfig) {
    return kubeconfig.map(ApiConnection::fromKubeconfig).orElseGet(ApiConnection::auto);
  }

  /** A server URL, its CA certificate (PEM) and a bearer token: what {@code podnet join} has after discovery. */
  public static ApiConnection withToken(URI server, String caPem, String token) {
    Config c = Config.empty();
    c.setMasterUrl(server.toString());
    c.setCaCertData(java.util.Base64.getEncoder().encodeToString(caPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    c.setOauthToken(token);
    return of(c, "server " + server);
  }

  public static ApiConnection of(Config c, String source) {
    if (c.getMasterUrl() == null || c.getMasterUrl().isEmpty()) {
      throw new ClientException(source + " names no API server: pass --kubeconfig FILE (e.g. from `podnet kubeconfig`)");
    }
    try {
      SSLContext tls = SSLUtils.sslContext(c);
      return new ApiConnection(URI.create(c.getMasterUrl().replaceAll("/+$", "")), tls, TokenSource.of(c), caPem(c));
    } catch (Exception e) {
      throw new ClientException("TLS material in " + source + " is unusable (CA or client certificate/key): " + e.getMessage(), e);
    }
  }

  /** The CA certificates the kubeconfig names (PEM), for what a node hands on to its pods ({@code ca.crt}); empty if none. */
  private static String caPem(Config c) throws IOException {
    if (c.getCaCertData() != null && !c.getCaCertData().isEmpty()) {
      return new String(java.util.Base64.getDecoder().decode(c.getCaCertData().strip()), java.nio.charset.StandardCharsets.US_ASCII);
    }
    if (c.getCaCertFile() != null && !c.getCaCertFile().isEmpty()) {
      return Files.readString(Path.of(c.getCaCertFile()));
    }
    return "";
  }

  /** The bearer token, read again from its file when the file changes (projected tokens rotate). */
  public interface TokenSource {
    Optional<String> current();

    static TokenSource of(Config c) {
      if (c.getOauthToken() != null && !c.getOauthToken().isEmpty()) {
        String t = c.getOauthToken();
        return () -> Optional.of(t);
      }
      File in = new File(Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH);
      if (c.getAutoOAuthToken() != null && in.canRead()) {
        return new FileToken(in.toPath());
      }
      String t = c.getAutoOAuthToken();
      return () -> Optional.ofNullable(t).filter(s -> !s.isEmpty());
    }
  }

  /** A token file, re-read when its modification time changes. */
  static final class FileToken implements TokenSource {
    private final Path file;
    private long seen = -1;
    private String token = "";

    FileToken(Path file) {
      this.file = file;
    }

    @Override
    public synchronized Optional<String> current() {
      try {
        long m = Files.getLastModifiedTime(file).toMillis();
        if (m != seen) {
          token = Files.readString(file).strip();
          seen = m;
        }
      } catch (IOException e) {
        // keep the last token: a rotation in progress replaces the file
      }
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
  }
}

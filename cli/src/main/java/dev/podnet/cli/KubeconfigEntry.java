package dev.podnet.cli;

import dev.podnet.daemon.ApiEndpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * What a kubeconfig needs to reach one cluster as its admin, kind-style: the name
 * {@code podnet-CLUSTER} for its cluster, user and context, the API URL, the CA, and the admin's
 * client certificate and key (base64 of the PEM files podnetd made in its state directory).
 */
record KubeconfigEntry(String name, String server, String caData, String certificateData, String keyData) {

  static String nameOf(Cluster cluster) {
    return "podnet-" + cluster.name();
  }

  /** {@code internal}: the control plane's LAN address (for pods and the lab), else this host's loopback. */
  static KubeconfigEntry of(Cluster cluster, boolean internal) {
    ApiEndpoints api = ApiEndpoints.read(cluster.stateDir()).orElseThrow(() -> new CliException("cluster '" + cluster.name()
        + "' has no HTTPS API endpoints in " + cluster.stateDir() + ": is it up? (podnet --name " + cluster.name() + " up)"));
    Path pki = cluster.stateDir().resolve("pki");
    return new KubeconfigEntry(nameOf(cluster), internal ? api.internalUrl() : api.loopbackUrl(), base64(pki.resolve("ca.crt")),
        base64(pki.resolve("admin.crt")), base64(pki.resolve("admin.key")));
  }

  private static String base64(Path p) {
    try {
      return Base64.getEncoder().encodeToString(Files.readString(p).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new CliException("cannot read " + p + " for the kubeconfig: " + e.getMessage() + " (podnetd makes it on start; is the cluster up?)");
    }
  }
}

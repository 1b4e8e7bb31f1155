package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.client.CaCertHash;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code podnet token create}: a token that lets a machine join as a node, printed as the whole
 * {@code podnet join} command (kubeadm's {@code token create --print-join-command}).
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Join tokens for nodes.")
final class TokenCommand {
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Print a podnet join command with a new token for this cluster.")
  static final class Create implements Callable<Integer> {
    private final Session session;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "24h", converter = DurationConverter.class,
        description = "How long the token lets a node in (default: ${DEFAULT-VALUE}; at least 10m)")
    Duration ttl;

    Create(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() throws IOException {
      Cluster cluster = session.cluster();
      ObjectNode spec = JsonNodeFactory.instance.objectNode().put("expirationSeconds", ttl.toSeconds());
      ObjectNode req = JsonNodeFactory.instance.objectNode().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenRequest");
      req.set("spec", spec);
      JsonNode answer = session.api().post("/api/v1/namespaces/kube-system/serviceaccounts/podnet/token", req);
      String ca = Files.readString(cluster.stateDir().resolve("pki").resolve("ca.crt"));
      String server = dev.podnet.daemon.ApiEndpoints.read(cluster.stateDir()).orElseThrow(() -> new CliException("cluster '" + cluster.name()
          + "' has no API endpoints in " + cluster.stateDir() + ": is it up?")).internalUrl();
      session.out.println("podnet join --server " + server + " --token " + answer.path("status").path("token").asText() + " --ca-cert-hash "
          + CaCertHash.of(ca));
      return 0;
    }
  }
}

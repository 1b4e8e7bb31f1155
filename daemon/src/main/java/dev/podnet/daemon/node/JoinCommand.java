package dev.podnet.daemon.node;

import dev.podnet.client.ApiConnection;
import dev.podnet.client.ClusterDiscovery;
import dev.podnet.kernel.NamespaceSet;
import dev.podnet.kernel.Netns;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code podnet join}: this machine becomes a node of a podnet control plane, as {@code kubeadm
 * join} makes one of a Kubernetes cluster. It finds the cluster's CA through cluster-info and
 * pins it by hash, keeps a kubeconfig with the token, registers the Node and runs its agent and
 * pod runtime in this machine's own network namespace until stopped.
 */
@Command(name = "join", mixinStandardHelpOptions = true, description = "Join this machine to a podnet control plane as a node (kubeadm's shape).",
    footer = {"", "The control plane's admin prints the command with: podnet token create"})
public final class JoinCommand implements Callable<Integer> {
  @Option(names = "--server", required = true, paramLabel = "URL", description = "The API, e.g. https://172.18.0.1:6443")
  URI server;

  @Option(names = "--token", required = true, paramLabel = "TOKEN", description = "A join token from `podnet token create`")
  String token;

  @Option(names = "--ca-cert-hash", required = true, paramLabel = "sha256:HEX", description = "The cluster CA's public key hash (pins the CA)")
  String caCertHash;

  @Option(names = "--node", paramLabel = "NAME", description = "This node's name (default: the host name)")
  String node;

  @Option(names = "--node-ip", paramLabel = "IP", description = "This node's address (default: the one this machine reaches the server from)")
  String nodeIp;

  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "/var/lib/podnet/node", description = "Where the node keeps its state (default: ${DEFAULT-VALUE})")
  Path stateDir;

  @Option(names = "--lease-duration", paramLabel = "DURATION", defaultValue = "PT10S", description = "The node lease's duration, ISO-8601 (default: ${DEFAULT-VALUE})")
  Duration leaseDuration;

  @Override
  public Integer call() throws Exception {
    String ca = ClusterDiscovery.trustedCa(server, caCertHash);
    Path kubeconfig = writeKubeconfig(ca);
    String name = node != null ? node : InetAddress.getLocalHost().getHostName();
    InetAddress ip = nodeIp != null ? InetAddress.getByName(nodeIp) : sourceAddressTowards(server);
    String prefix = "pn-" + name + "-";
    NodeProcess.LabNodeOptions machine = new NodeProcess.LabNodeOptions(prefix, stateDir, ip, leaseDuration,
        Optional.of(new NamespaceSet(Netns.host(), Optional.empty())));
    NodeProcess.runUntilStopped(new NodeProcess.Options(name, Optional.of(kubeconfig), Optional.empty(), Optional.of(machine),
        new dev.podnet.agent.install.CniInstallOptions()),
        () -> System.out.println("node " + name + " (" + ip.getHostAddress() + ") joined " + server + "; kubeconfig " + kubeconfig));
    return 0;
  }

  private Path writeKubeconfig(String ca) throws IOException {
    ApiConnection.withToken(server, ca, token); // fails here, with its reason, if the material is unusable
    Files.createDirectories(stateDir);
    Path file = stateDir.resolve("kubeconfig");
    String yaml = "apiVersion: v1\nkind: Config\nclusters:\n- name: podnet\n  cluster:\n    server: " + server + "\n    certificate-authority-data: "
        + Base64.getEncoder().encodeToString(ca.getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + "\nusers:\n- name: node\n  user:\n    token: "
        + token + "\ncontexts:\n- name: podnet\n  context:\n    cluster: podnet\n    user: node\ncurrent-context: podnet\n";
    Path tmp = stateDir.resolve("kubeconfig.tmp");
    Files.writeString(tmp, yaml);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /** The local address a connection to the server leaves from (no packet is sent: a UDP connect only routes). */
  private static InetAddress sourceAddressTowards(URI server) throws IOException {
    try (DatagramSocket s = new DatagramSocket()) {
      s.connect(new InetSocketAddress(server.getHost(), server.getPort() < 0 ? 443 : server.getPort()));
      return s.getLocalAddress();
    }
  }
}

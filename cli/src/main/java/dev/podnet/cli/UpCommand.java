package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Resources;
import dev.podnet.api.print.NodeColumns;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true, description = "Start a cluster: podnetd, detached, and wait until every node is Ready.",
    footer = {"", "If podnetd was killed, up starts it again and it adopts what still runs."})
final class UpCommand implements Callable<Integer> {
  static final String CLUSTER_PATH = "/apis/podnet.dev/v1/cluster";
  private static final Duration POLL = Duration.ofMillis(250);
  private static final int LOG_LINES = 20;

  private final Session session;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "How many nodes (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--routing", paramLabel = "BACKEND", defaultValue = "vxlan", description = "vxlan, host-gw or bgp (default: ${DEFAULT-VALUE}).")
  String routing;

  @Option(names = "--control-plane-only", description = "Only the control plane (API, controllers, no lab nodes); machines join it with the command `podnet token create` prints.")
  boolean controlPlaneOnly;

  @Option(names = "--etcd", paramLabel = "URL", defaultValue = "", description = "Use this etcd instead of one podnetd starts itself.")
  String etcd;

  @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "0",
      description = "HTTPS port of the API on 127.0.0.1 (default: a free one, chosen at the first up and kept).")
  int apiPort;

  @Option(names = "--no-ingress", description = "Do not install the Ingress controller (podnet-ingress/controller, IngressClass podnet).")
  boolean noIngress;

  @Option(names = "--no-edge", description = "No edge router (BIRD, AS 64500) and routed client (podnet exec --outside-routed), "
      + "and no MetalLB BGPPeer and pool bgp for them.")
  boolean noEdge;

  @Option(names = "--datapath", paramLabel = "DATAPATH", defaultValue = "nftables",
      description = "How pods reach Services: nftables, or ebpf (Cilium-style socket LB beside nftables) (default: ${DEFAULT-VALUE}).")
  String datapath;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "180s", converter = DurationConverter.class,
      description = "How long to wait for the nodes (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  UpCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!dev.podnet.agent.routing.Backends.names().contains(routing)) {
      throw new CliException("--routing " + routing + " is not a routing backend: use one of " + String.join(", ", dev.podnet.agent.routing.Backends.names()));
    }
    if (controlPlaneOnly) {
      nodes = 0;
    } else if (nodes < 1) {
      throw new CliException("--nodes " + nodes + ": a cluster needs at least one node (or --control-plane-only, and nodes join it)");
    }
    Cluster cluster = session.cluster();
    Optional<JsonNode> running = UpCommand.info(session.api());
    if (running.isPresent()) {
      throw new CliException("cluster '" + cluster.name() + "' is already up (podnetd pid " + running.get().path("pid").asText() + "); podnet down first");
    }
    Podnetd podnetd = new Podnetd(cluster);
    OptionalLong old = podnetd.pid();
    if (old.isPresent() && Podnetd.isPodnetd(old.getAsLong())) {
      throw new CliException("podnetd (pid " + old.getAsLong() + ") of cluster '" + cluster.name() + "' runs but does not answer at " + cluster.socket()
          + "; see " + cluster.log() + ", or: podnet down");
    }
    if (old.isPresent()) {
      session.out.println("podnetd (pid " + old.getAsLong() + ") is gone; starting it again: it adopts what still runs");
    }
    Instant start = session.clock.instant();
    Process process = podnetd.start(new Podnetd.Options(nodes, routing, etcd, apiPort, !noIngress, dev.podnet.agent.Datapath.parse(datapath).flag(),
        !noEdge));
    session.out.println("starting podnetd (pid " + process.pid() + ", log " + cluster.log() + ")");
    awaitNodes(process, podnetd, cluster, start.plus(timeout));
    session.out.println("cluster '" + cluster.name() + "' is up: " + nodes + " nodes Ready, routing " + routing + " ("
        + Duration.between(start, session.clock.instant()).toSeconds() + "s)");
    info(session.api()).ifPresent(c -> {
      StringBuilder agents = new StringBuilder();
      c.path("agents").fields().forEachRemaining(e -> agents.append(agents.length() == 0 ? "" : ", ").append(e.getKey()).append(" pid ")
          .append(e.getValue().asText()));
      if (agents.length() > 0) {
        session.out.println("node agents (one process per node, in its namespaces): " + agents);
      }
    });
    mergeKubeconfig(cluster);
    if (controlPlaneOnly) {
      session.out.println("control plane only: add nodes on other machines with the command `podnet --name " + cluster.name() + " token create` prints");
    }
    return 0;
  }

  /** As kind: the admin's context goes into the user's kubeconfig and becomes current, so plain kubectl works. */
  private void mergeKubeconfig(Cluster cluster) {
    KubeconfigEntry entry = KubeconfigEntry.of(cluster, false);
    java.nio.file.Path file = Kubeconfig.location(session.env);
    Kubeconfig.read(file).merge(entry).write(file);
    session.out.println("kubectl context \"" + entry.name() + "\" (" + entry.server() + ") set in " + file + "; try: kubectl get nodes");
  }

  /** The cluster endpoint's answer, or empty when no podnetd listens. */
  static Optional<JsonNode> info(Api api) {
    try {
      return Optional.of(api.get(CLUSTER_PATH));
    } catch (ApiException e) {
      if (e.isNoCluster()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void awaitNodes(Process process, Podnetd podnetd, Cluster cluster, Instant deadline) throws InterruptedException {
    session.out.println("waiting for the API");
    boolean apiUp = false;
    int lastReady = -1;
    while (session.clock.instant().isBefore(deadline)) {
      if (!process.isAlive()) {
        failWithLog(podnetd, "podnetd exited with code " + process.exitValue() + " before cluster '" + cluster.name() + "' was up (its log above: "
            + cluster.log() + ")");
      }
      Optional<Integer> ready = readyNodes();
      if (ready.isPresent() && !apiUp) {
        apiUp = true;
      }
      if (ready.isPresent() && ready.get() != lastReady) {
        lastReady = ready.get();
        session.out.println("waiting for nodes: " + lastReady + "/" + nodes + " Ready");
      }
      if (ready.isPresent() && ready.get() >= nodes) {
        return;
      }
      Thread.sleep(POLL.toMillis());
    }
    failWithLog(podnetd, "cluster '" + cluster.name() + "' was not up within " + timeout.toSeconds() + "s (" + (apiUp ? Math.max(lastReady, 0) + "/"
        + nodes + " nodes Ready" : "the API never answered") + "); podnetd (pid " + process.pid() + ") still runs: see " + cluster.log()
        + ", or: podnet down");
  }

  /** How many nodes have Ready=True; empty while the API does not answer. */
  private Optional<Integer> readyNodes() {
    try {
      List<JsonNode> items = Collection.items(new Collection(Resources.NODES, "", "").list(session.api()));
      return Optional.of((int) items.stream().filter(n -> NodeColumns.status(n).startsWith("Ready")).count());
    } catch (ApiException e) {
      if (e.isNoCluster() || e.code() == 503) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void failWithLog(Podnetd podnetd, String why) {
    session.err.println("--- last lines of podnetd's log ---");
    podnetd.lastLogLines(LOG_LINES).forEach(session.err::println);
    session.err.println("---");
    throw new CliException(why);
  }
}

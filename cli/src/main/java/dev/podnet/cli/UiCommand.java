package dev.podnet.cli;

import dev.podnet.ui.LiveTopology;
import dev.podnet.ui.MapServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ui", mixinStandardHelpOptions = true,
    description = {"Serve the live map of the cluster's network on this host's loopback and print its URL.",
        "Nodes on the LAN, pods on their node, Services and their endpoints, LoadBalancer IPs and the node announcing each,",
        "the outside client; updated from watches as the cluster changes. Click two objects to trace a packet between them."})
final class UiCommand implements Callable<Integer> {
  private final Session session;

  @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).",
      defaultValue = "8001")
  int port;

  UiCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() throws Exception {
    String cluster = session.cluster().name();
    try (LiveTopology topology = new LiveTopology(cluster, TopologyOutput.outside(session.api()), new ApiObjectSource(session.api()));
        MapServer server = MapServer.start(port, topology, new TraceProcess(cluster))) {
      session.out.println("podnet ui: the map of cluster " + cluster + " is at " + server.url() + " (Ctrl-C to stop)");
      session.out.flush();
      new CountDownLatch(1).await(); // serves until the process is stopped
    } catch (java.net.BindException e) {
      throw new CliException("ui: port " + port + " on 127.0.0.1 is taken (" + e.getMessage() + "); choose another with --port");
    }
    return 0;
  }
}

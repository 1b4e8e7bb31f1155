package dev.podnet.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code podnetd}: one per lab cluster. {@code podnet up} starts it in the background. */
@Command(name = "podnetd", mixinStandardHelpOptions = true, version = "podnetd 0.1.0",
    description = "Runs a podnet lab cluster: its store, API, controllers and nodes.")
public final class PodnetdMain implements Callable<Integer> {
  /** Exit code of a podnetd that found another one alive on its state directory. */
  public static final int ALREADY_RUNNING = 3;

  @Option(names = "--name", defaultValue = "podnet", description = "cluster name (default: ${DEFAULT-VALUE})")
  String name;

  @Option(names = "--nodes", defaultValue = "3", description = "number of nodes (default: ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--routing", defaultValue = "vxlan", description = "vxlan or host-gw (default: ${DEFAULT-VALUE})")
  String routing;

  @Option(names = "--etcd", description = "use this etcd (e.g. http://127.0.0.1:2379) instead of starting one")
  String etcd;

  @Option(names = "--state-dir", description = "state directory (default: $PODNET_STATE_DIR or /var/lib/podnet, then /NAME)")
  Path stateDir;

  @Option(names = "--event-ttl", defaultValue = "PT1H", description = "how long Events are kept, ISO-8601 (default: ${DEFAULT-VALUE})")
  java.time.Duration eventTtl;

  @Option(names = "--bookmark-interval", defaultValue = "PT15S", description = "how often watches get a BOOKMARK, ISO-8601 (default: ${DEFAULT-VALUE})")
  java.time.Duration bookmarkInterval;
  @Option(names = "--api-port", description = "HTTPS port of the API on 127.0.0.1 (default: a free one, chosen once and kept)")
  Integer apiPort;

  @Option(names = "--node-grace", defaultValue = "PT10S", description = "how long a node may miss its lease renewals before it is NotReady, ISO-8601 (default: ${DEFAULT-VALUE})")
  java.time.Duration nodeGrace;

  @Option(names = "--no-ingress", description = "do not install the Ingress add-on (podnet-ingress/controller and IngressClass podnet)")
  boolean noIngress;

  @Option(names = "--no-edge", description = "no edge router (BIRD) and routed client, and no MetalLB BGPPeer/pool bgp for them")
  boolean noEdge;

  @Option(names = "--datapath", defaultValue = "nftables", description = "nftables, or ebpf (socket LB for pods, beside nftables) (default: ${DEFAULT-VALUE})")
  String datapath;

  @Option(names = "--down", description = "remove whatever the cluster left (podnetd not running) and exit")
  boolean down;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PodnetdMain()).execute(args));
  }

  static Path defaultStateDir(String cluster) {
    String base = System.getenv().getOrDefault("PODNET_STATE_DIR", "/var/lib/podnet");
    return Path.of(base, cluster);
  }

  @Override
  public Integer call() throws Exception {
    DaemonConfig cfg = new DaemonConfig(name, nodes, routing, Optional.ofNullable(etcd), stateDir != null ? stateDir : defaultStateDir(name),
        apiPort == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(apiPort), !noIngress, dev.podnet.agent.Datapath.parse(datapath),
        !noEdge);
    if (down) {
      Leftovers.removeEverything(cfg);
      return 0;
    }
    Optional<ProcessHandle> other = running(cfg);
    if (other.isPresent()) {
      System.err.println("podnetd: cluster '" + cfg.name() + "' already has a podnetd (pid " + other.get().pid() + ") on " + cfg.stateDir());
      return ALREADY_RUNNING;
    }
    Files.createDirectories(cfg.stateDir());
    Files.writeString(cfg.pidFile(), Long.toString(ProcessHandle.current().pid()));
    Podnetd d = new Podnetd(cfg, new Lifetimes(eventTtl, bookmarkInterval, nodeGrace));
    Thread hook = new Thread(d::stop, "podnetd-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      d.start();
    } catch (RuntimeException e) {
      System.err.println("podnetd: cannot start cluster '" + cfg.name() + "': " + e.getMessage());
      e.printStackTrace();
      return 1;
    }
    d.await();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
    Files.deleteIfExists(cfg.pidFile());
    return 0;
  }

  /** A live podnetd on this state directory: the pid file names a process that is still a podnetd. */
  static Optional<ProcessHandle> running(DaemonConfig cfg) {
    try {
      if (!Files.exists(cfg.pidFile())) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(cfg.pidFile()).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.pid() != ProcessHandle.current().pid())
          .filter(h -> h.info().commandLine().map(c -> c.contains(PodnetdMain.class.getName())).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}

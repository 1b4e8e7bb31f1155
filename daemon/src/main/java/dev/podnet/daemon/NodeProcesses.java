package dev.podnet.daemon;

import dev.podnet.daemon.node.AgentCommand;
import dev.podnet.kernel.NamespaceSet;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's node processes, supervised as systemd supervises a node daemon: one {@code podnet agent}
 * per node, started inside the node's namespaces (so it reaches the API over the node LAN, as on a
 * real machine), in its own session, logging to {@code nodes/NODE/agent.log}. One that exits is
 * started again after a back-off (1 s doubling to 30 s; reset once it ran a minute). A podnetd that
 * restarts adopts the agents that still run; stopping podnetd leaves them running, as a control
 * plane outage leaves nodes running. While {@code nodes/NODE/}{@value #HOLD_FILE} exists, a node
 * process that exits is not started again (as {@code systemctl mask} holds a unit): a node stays
 * down for as long as a test or an operator needs, and comes back once the file is removed.
 */
final class NodeProcesses implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeProcesses.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration STABLE = Duration.ofMinutes(1);
  /** Present in a node's directory: its process is not restarted. */
  static final String HOLD_FILE = "hold";
  private static final Duration HOLD_POLL = Duration.ofMillis(200);
  /**
   * Ten of these share two cores and a budget of 100 MiB each: a small heap that gives back what it
   * does not use, one GC thread, C1 only, small stacks, and reflection that never generates
   * accessor classes (Jackson would make hundreds, each with its own class loader and metaspace).
   * The heap's cap is not its size (MaxHeapFreeRatio gives back what is unused): at 40 MiB an
   * agent ran out of heap holding 10k Services and their slices (bench/run dns).
   */
  static final List<String> JVM_FLAGS = List.of("-Xms8m", "-Xmx128m", "-XX:MaxHeapFreeRatio=20", "-XX:MinHeapFreeRatio=5", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-Xss256k", "-XX:ReservedCodeCacheSize=24m", "-XX:MaxMetaspaceSize=96m", "-Xshare:auto",
      "-Dsun.reflect.inflationThreshold=2147483647");

  /** One node's process: where it runs and what it is told. */
  record Spec(String node, InetAddress ip, NamespaceSet machine) {}

  private final DaemonConfig config;
  private final Path kubeconfig;
  private final Duration leaseDuration;
  private final Map<String, Supervised> nodes = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "node-processes");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  NodeProcesses(DaemonConfig config, Path kubeconfig, Duration leaseDuration) {
    this.config = config;
    this.kubeconfig = kubeconfig;
    this.leaseDuration = leaseDuration;
  }

  private static final class Supervised {
    final Spec spec;
    volatile ProcessHandle handle;
    volatile Instant started = Instant.now();
    volatile Duration backoff = FIRST_BACKOFF;

    Supervised(Spec spec) {
      this.spec = spec;
    }
  }

  /** The node's process: the one a previous podnetd started if it still runs, else a new one. */
  void ensure(Spec spec) {
    Supervised s = nodes.computeIfAbsent(spec.node(), n -> new Supervised(spec));
    Optional<ProcessHandle> running = running(spec.node());
    if (running.isPresent()) {
      log.info("node process adopted node={} pid={}", spec.node(), running.get().pid());
      watch(s, running.get());
    } else {
      start(s);
    }
  }

  /** The pids of the node processes, by node. */
  Map<String, Long> pids() {
    Map<String, Long> out = new java.util.TreeMap<>();
    nodes.forEach((n, s) -> {
      ProcessHandle h = s.handle;
      if (h != null && h.isAlive()) {
        out.put(n, h.pid());
      }
    });
    return out;
  }

  private void start(Supervised s) {
    if (closed) {
      return;
    }
    Path dir = nodeDir(s.spec.node());
    if (Files.exists(dir.resolve(HOLD_FILE))) {
      timer.schedule(() -> start(s), HOLD_POLL.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    try {
      Files.createDirectories(dir);
      List<String> argv = new ArrayList<>(List.of("setsid"));
      argv.addAll(s.spec.machine().command(command(s.spec)));
      ProcessBuilder pb = new ProcessBuilder(argv);
      pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2"); // glibc's arena per thread costs more RSS than the agent's heap
      Process p = pb.redirectInput(new File("/dev/null")).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile())).start();
      Files.writeString(dir.resolve("agent.pid"), String.valueOf(p.pid()));
      s.started = Instant.now();
      log.info("node process started node={} pid={}", s.spec.node(), p.pid());
      watch(s, p.toHandle());
    } catch (IOException e) {
      log.warn("node process not started node={} error={}", s.spec.node(), e.getMessage());
      restartLater(s);
    }
  }

  private List<String> command(Spec spec) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM_FLAGS);
    // $PODNET_AGENT_JAVA_OPTS (podnetd's environment) comes last, so it overrides: e.g. -XX:NativeMemoryTracking=summary
    String extra = System.getenv().getOrDefault("PODNET_AGENT_JAVA_OPTS", "").strip();
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), AgentCommand.class.getName(), "--node", spec.node(),
        "--kubeconfig", kubeconfig.toString(), "--routing", config.routing(), "--lab-prefix", config.prefix(),
        "--lab-state-dir", config.stateDir().toString(), "--node-ip", spec.ip().getHostAddress(), "--lease-duration", leaseDuration.toString()));
    return cmd;
  }

  private void watch(Supervised s, ProcessHandle h) {
    s.handle = h;
    h.onExit().thenRun(() -> {
      if (closed) {
        return;
      }
      boolean stable = Duration.between(s.started, Instant.now()).compareTo(STABLE) > 0;
      if (stable) {
        s.backoff = FIRST_BACKOFF;
      }
      log.warn("node process exited node={} pid={} restarting_in_ms={} log={}", s.spec.node(), h.pid(), s.backoff.toMillis(),
          nodeDir(s.spec.node()).resolve("agent.log"));
      restartLater(s);
    });
  }

  private void restartLater(Supervised s) {
    Duration wait = s.backoff;
    s.backoff = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
    timer.schedule(() -> start(s), wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The process in the node's pid file, if it is still that node's agent. */
  private Optional<ProcessHandle> running(String node) {
    try {
      long pid = Long.parseLong(Files.readString(nodeDir(node).resolve("agent.pid")).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> isAgent(pid, node));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private boolean isAgent(long pid, String node) {
    try {
      String cmdline = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
      return cmdline.contains(AgentCommand.class.getName()) && cmdline.contains(" --node " + node + " ") && cmdline.contains(config.prefix());
    } catch (IOException e) {
      return false;
    }
  }

  private Path nodeDir(String node) {
    return config.stateDir().resolve("nodes").resolve(node);
  }

  /** Stops supervising: the node processes keep running (a restarted podnetd adopts them). */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
  }

  /** Stops supervising and kills every node process (the cluster is being removed). */
  void killAll() {
    close();
    nodes.values().forEach(s -> {
      ProcessHandle h = s.handle;
      if (h != null) {
        h.destroyForcibly();
      }
    });
    for (Supervised s : nodes.values()) {
      ProcessHandle h = s.handle;
      if (h != null) {
        h.onExit().completeOnTimeout(h, 5, TimeUnit.SECONDS).join();
      }
    }
  }
}

package dev.podnet.lab.runtime;

import dev.podnet.api.EventRecorder;
import dev.podnet.kernel.NetnsExecutor;
import dev.podnet.kernel.Nft;
import dev.podnet.lab.Lab;
import dev.podnet.lab.LabNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What kubelet and a container runtime do on one lab node: one {@link PodWorker} per pod bound to
 * the node. Closing the runtime leaves the pods running (a restarted runtime adopts them), as a
 * kubelet restart does.
 */
public final class NodeRuntime implements AutoCloseable {
  private final LabNode node;
  private final RuntimeConfig config;
  private final NetnsExecutor dialer;
  private final ScheduledExecutorService timers;
  private final ExecutorService terminators;
  private final PodWorker.NodeContext ctx;
  private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();

  public NodeRuntime(LabNode node, RuntimeConfig config, PodStatusSink sink) {
    this(node, config, sink, PodCredentials.NONE);
  }

  /** {@code credentials}: each pod's service-account token and CA, mounted in its containers. */
  public NodeRuntime(LabNode node, RuntimeConfig config, PodStatusSink sink, PodCredentials credentials) {
    this(node, config, new Wiring(sink, credentials, EventRecorder.NONE));
  }

  /**
   * What the runtime reaches out to: where pod status goes, each pod's service-account token and CA
   * (mounted in its containers), and where events go as kubelet records them (Pulled, Started, BackOff, Killing).
   */
  public record Wiring(PodStatusSink sink, PodCredentials credentials, EventRecorder events, Optional<Path> podCgroup) {
    public Wiring(PodStatusSink sink, PodCredentials credentials, EventRecorder events) {
      this(sink, credentials, events, Optional.empty());
    }
  }

  public NodeRuntime(LabNode node, RuntimeConfig config, Wiring wiring) {
    this.node = node;
    this.config = config;
    this.dialer = new NetnsExecutor(node.netns(), 2);
    this.timers = Executors.newScheduledThreadPool(2, daemon("runtime-" + node.name()));
    this.terminators = Executors.newCachedThreadPool(daemon("terminate-" + node.name()));
    this.ctx = new PodWorker.NodeContext(node.sandboxes(), node, new Prober(dialer), timers, config, ContainerProcess.installShim(config.stateDir()).inCgroup(wiring.podCgroup()),
        wiring.sink(), wiring.credentials(), wiring.events(), new SilentUdpPorts(Nft.tool()));
    installTools(config);
    timers.scheduleWithFixedDelay(new LogSampler(config.stateDir().resolve("pods")), 1, 1, TimeUnit.SECONDS);
  }

  /** The image tools every container finds first on its PATH: {@code agnhost}, {@code podnet-dns} and {@code podnet-ingress}, links to this installation's launchers. */
  private static void installTools(RuntimeConfig config) {
    try {
      Files.createDirectories(config.toolsDir());
      Path link = config.toolsDir().resolve(Images.AGNHOST);
      Files.deleteIfExists(link);
      if (config.agnhost().isPresent()) {
        Files.createSymbolicLink(link, config.agnhost().get().toAbsolutePath());
      }
      for (String[] tool : new String[][] {{Images.DNS, RuntimeConfig.DNS_LAUNCHER}, {Images.INGRESS, RuntimeConfig.INGRESS_LAUNCHER}}) {
        Path at = config.toolsDir().resolve(tool[0]);
        Files.deleteIfExists(at);
        Optional<Path> launcher = RuntimeConfig.locate(tool[1]);
        if (launcher.isPresent()) {
          Files.createSymbolicLink(at, launcher.get().toAbsolutePath());
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("install image tools in " + config.toolsDir() + ": " + e.getMessage(), e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  public LabNode node() {
    return node;
  }

  /** The pod as the store has it now (bound to this node): starts it, or terminates it once it is being deleted. */
  public void sync(Pod pod) {
    String uid = pod.getMetadata().getUid();
    PodWorker w = workers.computeIfAbsent(uid, u -> {
      PodWorker nw = new PodWorker(ctx, pod);
      timers.execute(nw::start);
      return nw;
    });
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      terminate(uid, w, Optional.empty());
    }
  }

  /** Reports every pod's status again, as kubelet's status manager does when the API's copy differs from its own. */
  public void republishStatus() {
    workers.values().forEach(w -> timers.execute(w::republish));
  }

  /** The object is gone from the store while its pod still runs: stop it now. */
  public void forget(String uid) {
    PodWorker w = workers.get(uid);
    if (w != null) {
      terminate(uid, w, Optional.of(Duration.ZERO));
    }
  }

  private void terminate(String uid, PodWorker w, Optional<Duration> grace) {
    terminators.execute(() -> {
      try {
        w.terminate(grace);
      } finally {
        workers.remove(uid, w);
      }
    });
  }

  /** A container's log file (it may not exist yet). */
  public Path logFile(String uid, String container) {
    return new RuntimeFiles(config.stateDir()).logFile(uid, container);
  }

  /** The log a container's run before its last restart left (it may not exist). */
  public Path previousLogFile(String uid, String container) {
    return new RuntimeFiles(config.stateDir()).previousLogFile(uid, container);
  }

  /** The pids of the pod's running containers, by container name. */
  public Map<String, Long> runningContainers(String uid) {
    PodWorker w = workers.get(uid);
    return w == null ? Map.of() : w.runningContainers();
  }

  public Set<String> podUids() {
    return Set.copyOf(workers.keySet());
  }

  /** State a previous run left for pods that are no longer wanted here; their sandboxes go with {@code Lab}'s cleanup of stale names. */
  public void removeStaleState(Set<String> wantedUids) throws IOException {
    Path pods = config.stateDir().resolve("pods");
    if (!Files.isDirectory(pods)) {
      return;
    }
    try (Stream<Path> s = Files.list(pods)) {
      for (Path p : s.toList()) {
        if (!wantedUids.contains(p.getFileName().toString()) && !workers.containsKey(p.getFileName().toString())) {
          Lab.deleteTree(p);
        }
      }
    }
  }

  /** Stops the runtime's threads; the pods keep running. */
  @Override
  public void close() {
    timers.shutdownNow();
    terminators.shutdown();
    dialer.close();
  }
}

package dev.podnet.lab.runtime;

import dev.podnet.api.EventRecorder;
import dev.podnet.lab.NodeSandboxes;
import dev.podnet.lab.LabNode;
import dev.podnet.lab.Sandbox;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What kubelet's pod worker does for one pod: sandbox, containers, restarts with back-off,
 * probes, status, graceful termination. Every change runs under the worker's lock, and every
 * change is reported to the {@link PodStatusSink}.
 */
final class PodWorker {
  private static final Logger log = LoggerFactory.getLogger(PodWorker.class);

  /** What every worker of one node shares. */
  record NodeContext(NodeSandboxes sandboxes, LabNode node, Prober prober, ScheduledExecutorService timers, RuntimeConfig config,
      ContainerProcess.Shim shim, PodStatusSink sink, PodCredentials credentials, EventRecorder events, SilentUdpPorts silentUdp) {}

  private final NodeContext ctx;
  private final Pod pod;
  private final Path dir;
  private final Map<String, ContainerSlot> slots = new LinkedHashMap<>();
  private Sandbox sandbox;
  private ContainerProcess.PodFileSet files;
  private boolean terminating;
  private ScheduledFuture<?> sandboxRetry;
  private final Instant startTime = Instant.now();

  PodWorker(NodeContext ctx, Pod pod) {
    this.ctx = ctx;
    this.pod = pod;
    this.dir = ctx.config().stateDir().resolve("pods").resolve(pod.getMetadata().getUid());
    for (Container c : pod.getSpec().getContainers()) {
      slots.put(c.getName(), new ContainerSlot(c, dir.resolve("containers").resolve(c.getName())));
    }
  }

  Pod pod() {
    return pod;
  }

  synchronized Map<String, Long> runningContainers() {
    Map<String, Long> out = new LinkedHashMap<>();
    slots.forEach((name, s) -> {
      if (s.process != null && s.process.isAlive()) {
        out.put(name, s.process.pid());
      }
    });
    return out;
  }

  String key() {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** Creates (or adopts) the sandbox and starts (or adopts) every container. */
  synchronized void start() {
    if (terminating) {
      return;
    }
    try {
      boolean host = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
      String ns = pod.getMetadata().getNamespace();
      String name = pod.getMetadata().getName();
      sandbox = host ? ctx.sandboxes().hostNetwork(name)
          : ctx.sandboxes().adopt(ns, name).orElseGet(() -> ctx.sandboxes().create(ns, name, PodFiles.hostname(pod)));
      files = writeFiles();
      if (!host) {
        silenceUnboundUdp();
      }
    } catch (RuntimeException e) {
      log.warn("sandbox failed pod={} node={} error={}", key(), ctx.node().name(), e.getMessage());
      ctx.events().warning(pod, "FailedCreatePodSandBox", "Failed to create pod sandbox: " + e.getMessage());
      slots.values().forEach(s -> s.waiting("ContainerCreating", "failed to create pod sandbox: " + e.getMessage()));
      publish();
      sandboxRetry = ctx.timers().schedule(this::start, 5, TimeUnit.SECONDS);
      return;
    }
    for (ContainerSlot s : slots.values()) {
      Optional<ContainerProcess> adopted = ContainerProcess.adopt(s.dir);
      s.restartCount = readRestarts(s);
      if (adopted.isPresent()) {
        running(s, adopted.get());
        // A restarted runtime keeps what the API last heard from the same process (as kubelet
        // keeps readiness across its restarts): endpoints stay, and nothing is rewritten.
        if (wasReady(s.spec.getName(), adopted.get().pid())) {
          s.probes.adoptReady();
          s.cancelStartup();
        }
      } else {
        startContainer(s);
      }
    }
    publish();
  }

  /** Best effort: without the table the pod still works, its dead UDP ports refuse instead of staying silent. */
  private void silenceUnboundUdp() {
    try {
      ctx.silentUdp().ensure(sandbox.netns(), pod);
    } catch (RuntimeException e) {
      log.warn("udp silence table not written pod={} netns={} error={}", key(), sandbox.netns(), e.getMessage());
    }
  }

  private ContainerProcess.PodFileSet writeFiles() {
    try {
      Files.createDirectories(dir);
      Path hosts = dir.resolve("hosts");
      Path resolv = dir.resolve("resolv.conf");
      Files.writeString(hosts, PodFiles.hosts(pod, sandbox.ip().getHostAddress()));
      Files.writeString(resolv, PodFiles.resolvConf(pod, Files.exists(Path.of("/etc/resolv.conf")) ? Files.readString(Path.of("/etc/resolv.conf")) : ""));
      return new ContainerProcess.PodFileSet(hosts, resolv, writeServiceAccount());
    } catch (IOException e) {
      throw new UncheckedIOException("write pod files in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Written on every start, so a restarted runtime mounts a fresh token. Secret: only root reads it. */
  private Optional<Path> writeServiceAccount() throws IOException {
    Optional<PodCredentials.ServiceAccountFiles> sa = ctx.credentials().forPod(pod);
    if (sa.isEmpty()) {
      return Optional.empty();
    }
    Path d = dir.resolve("serviceaccount");
    Files.createDirectories(d);
    Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Files.writeString(d.resolve("token"), sa.get().token());
    Files.writeString(d.resolve("ca.crt"), sa.get().caCrt());
    Files.writeString(d.resolve("namespace"), sa.get().namespace());
    return Optional.of(d);
  }

  private void startContainer(ContainerSlot s) {
    Container c = s.spec;
    try {
      if (Images.isAgnhost(c.getImage()) && ctx.config().agnhost().isEmpty()) {
        throw new IllegalArgumentException("image \"" + c.getImage() + "\" is podnet's built-in agnhost, but this podnetd has no agnhost build"
            + " (" + RuntimeConfig.AGNHOST_LAUNCHER + " below $PODNET_HOME): start the cluster with bin/podnet, which builds it");
      }
      Path home = s.dir.resolve("home");
      home.toFile().mkdirs();
      var facts = new EnvResolver.PodFacts(sandbox.ip().getHostAddress(), ctx.node().info().lanAddress().getHostAddress(), ctx.node().name(),
          ctx.config().toolsDir() + ":" + EnvResolver.DEFAULT_PATH, home.toString());
      var env = EnvResolver.resolve(pod, c, facts);
      var argv = Images.argv(c.getImage(), c.getCommand().stream().map(x -> EnvResolver.expand(x, env)).toList(),
          c.getArgs().stream().map(x -> EnvResolver.expand(x, env)).toList());
      var spec = new ContainerProcess.Spec(sandbox.namespaces(), argv, env, Optional.ofNullable(c.getWorkingDir()), files, s.dir);
      // images are programs already on the node: there is never a pull, as with a pre-loaded image
      event(s, EventRecorder.Type.Normal, "Pulled", "Container image \"" + c.getImage() + "\" already present on machine");
      ContainerProcess started = ContainerProcess.start(spec, ctx.shim());
      event(s, EventRecorder.Type.Normal, "Created", "Created container: " + c.getName());
      running(s, started);
      event(s, EventRecorder.Type.Normal, "Started", "Started container " + c.getName());
      log.info("container started pod={} container={} pid={} restarts={}", key(), c.getName(), s.process.pid(), s.restartCount);
    } catch (IllegalArgumentException e) {
      s.waiting("CreateContainerConfigError", e.getMessage());
      event(s, EventRecorder.Type.Warning, "Failed", "Error: " + e.getMessage());
    } catch (RuntimeException e) {
      s.waiting("CreateContainerError", e.getMessage());
      event(s, EventRecorder.Type.Warning, "Failed", "Error: " + e.getMessage());
    }
  }

  private void event(ContainerSlot s, EventRecorder.Type type, String reason, String message) {
    ctx.events().record(EventRecorder.reference(pod, EventRecorder.containerPath(s.spec.getName())), type, reason, message);
  }

  private void running(ContainerSlot s, ContainerProcess p) {
    s.running(p);
    p.onExit().thenAccept(code -> ctx.timers().execute(() -> exited(s, p, code)));
    // Readiness and liveness are scheduled from the start, as kubelet's workers are, and skip
    // their turns until the startup probe (if any) has succeeded.
    s.startup = schedule(s, ProbeStates.Kind.STARTUP);
    s.readiness = schedule(s, ProbeStates.Kind.READINESS);
    s.liveness = schedule(s, ProbeStates.Kind.LIVENESS);
  }

  private ScheduledFuture<?> schedule(ContainerSlot s, ProbeStates.Kind kind) {
    Probe p = s.probes.probe(kind);
    if (p == null) {
      return null;
    }
    long delay = Math.max(0, p.getInitialDelaySeconds() == null ? 0 : p.getInitialDelaySeconds()) * 1000L;
    long period = Math.max(1, p.getPeriodSeconds() == null ? 10 : p.getPeriodSeconds()) * 1000L;
    ContainerProcess run = s.process;
    ProbeStates states = s.probes;
    return ctx.timers().scheduleWithFixedDelay(() -> probe(s, run, states, kind), delay, period, TimeUnit.MILLISECONDS);
  }

  private void probe(ContainerSlot s, ContainerProcess run, ProbeStates states, ProbeStates.Kind kind) {
    synchronized (this) {
      if (s.process != run || !states.runs(kind)) {
        return;
      }
    }
    Probe p = states.probe(kind);
    Prober.Result r = ctx.prober().probe(p, s.spec, sandbox.ip().getHostAddress(), run.pid());
    synchronized (this) {
      if (s.process != run || (terminating && kind != ProbeStates.Kind.READINESS)) {
        return;
      }
      String name = switch (kind) {
        case STARTUP -> "Startup";
        case READINESS -> "Readiness";
        case LIVENESS -> "Liveness";
      };
      if (!r.success()) {
        event(s, EventRecorder.Type.Warning, "Unhealthy", name + " probe failed: " + r.message());
      }
      switch (states.record(kind, r.success())) {
        case NOTHING -> { }
        case STARTED -> {
          s.cancelStartup();
          log.info("container started up pod={} container={}", key(), s.spec.getName());
          publish();
        }
        case READY, UNREADY -> {
          log.info("readiness changed pod={} container={} ready={} probe={}", key(), s.spec.getName(), states.ready(), r.message());
          publish();
        }
        case KILL -> {
          event(s, EventRecorder.Type.Normal, "Killing", "Container " + s.spec.getName() + " failed " + name.toLowerCase(java.util.Locale.ROOT)
              + " probe, will be restarted");
          log.info("{} failed, restarting pod={} container={} probe={}", name.toLowerCase(java.util.Locale.ROOT), key(), s.spec.getName(), r.message());
          ctx.timers().execute(() -> run.stop(grace()));
        }
      }
    }
  }

  private synchronized void exited(ContainerSlot s, ContainerProcess p, int code) {
    if (s.process != p) {
      return;
    }
    s.cancelTimers();
    s.terminated(code, code == 0 ? "" : ContainerProcess.logTail(s.dir));
    log.info("container exited pod={} container={} code={}", key(), s.spec.getName(), code);
    if (terminating) {
      publish();
      return;
    }
    String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    boolean restart = policy.equals("Always") || (policy.equals("OnFailure") && code != 0);
    if (restart) {
      boolean ranLong = Duration.between(Instant.parse(s.lastState.getTerminated().getStartedAt()), Instant.now())
          .compareTo(ctx.config().backoffReset()) >= 0;
      Duration delay = ctx.config().backoff(ranLong ? 0 : s.restartCount);
      if (!delay.isZero()) {
        event(s, EventRecorder.Type.Warning, "BackOff", "Back-off restarting failed container " + s.spec.getName() + " in pod "
            + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")");
        s.waiting("CrashLoopBackOff", "back-off " + delay.toSeconds() + "s restarting failed container=" + s.spec.getName() + " pod="
            + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")");
      }
      s.restart = ctx.timers().schedule(() -> restart(s), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
    publish();
  }

  private synchronized void restart(ContainerSlot s) {
    if (terminating || s.isRunning()) {
      return;
    }
    s.restartCount++;
    writeRestarts(s);
    startContainer(s);
    publish();
  }

  private Duration grace() {
    Long g = pod.getMetadata().getDeletionGracePeriodSeconds() != null ? pod.getMetadata().getDeletionGracePeriodSeconds()
        : pod.getSpec().getTerminationGracePeriodSeconds();
    return Duration.ofSeconds(g == null ? 30 : g);
  }

  /** Graceful deletion: SIGTERM, grace period, SIGKILL; then CNI DEL and the sandbox goes; then the sink hears it. */
  void terminate(Optional<Duration> graceOverride) {
    synchronized (this) {
      if (terminating) {
        return;
      }
      terminating = true;
      if (sandboxRetry != null) {
        sandboxRetry.cancel(false);
      }
      // Readiness keeps probing while the containers shut down, so an app that turns unready on
      // SIGTERM (netexec's /readyz) leaves its Service's ready endpoints as kubelet would have it.
      slots.values().forEach(ContainerSlot::cancelForTermination);
    }
    Duration grace = graceOverride.orElseGet(this::grace);
    slots.values().stream().filter(s -> s.process != null && s.process.isAlive())
        .forEach(s -> event(s, EventRecorder.Type.Normal, "Killing", "Stopping container " + s.spec.getName()));
    slots.values().stream().map(s -> s.process).filter(p -> p != null).toList().parallelStream().forEach(p -> p.stop(grace));
    // Record how each container ended now, not when its exit callback gets its turn, so the last
    // status reported before the pod goes says it.
    for (ContainerSlot s : slots.values()) {
      ContainerProcess p = s.process;
      if (p != null && !p.isAlive()) {
        exited(s, p, p.exitCode());
      }
    }
    synchronized (this) {
      slots.values().forEach(ContainerSlot::cancelTimers);
      if (sandbox != null) {
        ctx.sandboxes().delete(sandbox);
      }
      deleteDir();
    }
    log.info("pod terminated pod={} node={}", key(), ctx.node().name());
    ctx.sink().finished(pod);
  }

  private boolean wasReady(String container, long pid) {
    return pod.getStatus() != null && pod.getStatus().getContainerStatuses().stream().anyMatch(c -> c.getName().equals(container)
        && Boolean.TRUE.equals(c.getReady()) && ("podnet://" + pid).equals(c.getContainerID()));
  }

  /** Reports the pod's status again (its node was marked NotReady while away and is back). */
  synchronized void republish() {
    if (sandbox != null) {
      publish();
    }
  }

  private void publish() {
    Optional<String> ip = sandbox == null ? Optional.empty() : Optional.of(sandbox.ip().getHostAddress());
    ctx.sink().update(pod, StatusBuilder.build(pod, slots.values(), ip, ctx.node().info().lanAddress().getHostAddress(), startTime));
  }

  private static int readRestarts(ContainerSlot s) {
    try {
      Path f = s.dir.resolve("restarts");
      return Files.exists(f) ? Integer.parseInt(Files.readString(f).strip()) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static void writeRestarts(ContainerSlot s) {
    try {
      Files.createDirectories(s.dir);
      Files.writeString(s.dir.resolve("restarts"), Integer.toString(s.restartCount));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void deleteDir() {
    try {
      dev.podnet.lab.Lab.deleteTree(dir);
    } catch (RuntimeException e) {
      log.warn("cannot remove pod state dir={} error={}", dir, e.getMessage());
    }
  }
}

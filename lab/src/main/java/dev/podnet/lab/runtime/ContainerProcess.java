package dev.podnet.lab.runtime;

import dev.podnet.kernel.NamespaceSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of one container: a process in the pod's network and UTS namespaces, in a mount
 * namespace of its own where /etc/hosts and /etc/resolv.conf are the pod's files, with stdout and
 * stderr written straight into the run's log file (no process of podnetd's in between, so a
 * podnetd that dies cannot SIGPIPE it); the previous run's log is kept beside it. It is recorded in {@code dir} (pid, start time) so
 * a restarted runtime can adopt it instead of starting another.
 */
public final class ContainerProcess {
  private static final String SHIM = "shim.sh";

  private final ProcessHandle handle;
  private final Optional<Process> child;
  private final Instant startedAt;
  private final Path dir;

  private ContainerProcess(ProcessHandle handle, Optional<Process> child, Instant startedAt, Path dir) {
    this.handle = handle;
    this.child = child;
    this.startedAt = startedAt;
    this.dir = dir;
  }

  /** What to run and where. {@code dir} holds the container's pid, exit code and log. */
  public record Spec(NamespaceSet namespaces, List<String> argv, Map<String, String> env, Optional<String> workingDir,
      PodFileSet files, Path dir) {}

  /**
   * Where a node runtime keeps the shim every container starts through, and the cgroup.procs file
   * the shim joins first when the node translates Service addresses at the socket (ebpf datapath):
   * the container is the shim's child, so it is in that cgroup before it opens a socket.
   */
  public record Shim(Path path, Optional<Path> cgroupProcs) {
    public Shim(Path path) {
      this(path, Optional.empty());
    }

    public Shim inCgroup(Optional<Path> procs) {
      return new Shim(path, procs);
    }
  }

  /** The pod's generated files on the host; {@code serviceAccount} is the directory mounted at {@link PodCredentials#MOUNT_PATH}. */
  public record PodFileSet(Path hosts, Path resolvConf, Optional<Path> serviceAccount) {}

  public static ContainerProcess start(Spec s, Shim shimFile) {
    try {
      Files.createDirectories(s.dir());
      Files.deleteIfExists(s.dir().resolve("exit"));
      Path shim = shimFile.path();
      List<String> argv = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/sh", shim.toString(),
          s.files().hosts().toString(), s.files().resolvConf().toString(), s.dir().resolve("exit").toString(), s.workingDir().orElse(""),
          s.files().serviceAccount().map(Path::toString).orElse(""), PodCredentials.MOUNT_PATH,
          shimFile.cgroupProcs().map(Path::toString).orElse("")));
      argv.addAll(s.argv());
      ProcessBuilder pb = new ProcessBuilder(s.namespaces().command(argv));
      pb.environment().clear();
      pb.environment().putAll(s.env());
      Path log = log(s.dir());
      keepAsPrevious(log, previousLog(s.dir()));
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      Process p = pb.start();
      Instant started = Instant.now();
      Files.writeString(s.dir().resolve("pid"), p.pid() + " " + p.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
      return new ContainerProcess(p.toHandle(), Optional.of(p), started, s.dir());
    } catch (IOException e) {
      throw new UncheckedIOException("start container in " + s.dir() + ": " + e.getMessage(), e);
    }
  }

  /** The container recorded in {@code dir}, if its process is still the one that was started. */
  public static Optional<ContainerProcess> adopt(Path dir) {
    try {
      Path pidFile = dir.resolve("pid");
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      String[] f = Files.readString(pidFile).strip().split(" ");
      long pid = Long.parseLong(f[0]);
      long start = Long.parseLong(f[1]);
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(h -> h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == start)
          .map(h -> new ContainerProcess(h, Optional.empty(), Instant.ofEpochMilli(start), dir));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public static Path log(Path dir) {
    return dir.resolve("log");
  }

  /** The log of the run before this one, as kubelet keeps it for {@code kubectl logs --previous}. */
  public static Path previousLog(Path dir) {
    return dir.resolve("log.previous");
  }

  /** A new run starts a new log; the last run's (and when it grew) stays one restart long (the one before goes). */
  private static void keepAsPrevious(Path log, Path previous) throws IOException {
    if (Files.exists(log)) {
      Files.move(log, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    if (Files.exists(LogTimes.file(log))) {
      Files.move(LogTimes.file(log), LogTimes.file(previous), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Writes the shim into {@code stateRoot} (always: an older one is replaced). */
  public static Shim installShim(Path stateRoot) {
    Path p = stateRoot.resolve(SHIM);
    try (InputStream in = ContainerProcess.class.getResourceAsStream(SHIM)) {
      Files.createDirectories(stateRoot);
      Files.writeString(p, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return new Shim(p);
    } catch (IOException e) {
      throw new UncheckedIOException("install container shim in " + stateRoot + ": " + e.getMessage(), e);
    }
  }

  public long pid() {
    return handle.pid();
  }

  public Instant startedAt() {
    return startedAt;
  }

  public boolean isAlive() {
    return handle.isAlive();
  }

  /** Completes with the exit code when the process ends (also for an adopted one). */
  public CompletableFuture<Integer> onExit() {
    return child.map(p -> p.onExit().thenApply(x -> exitCode())).orElseGet(() -> handle.onExit().thenApply(h -> exitCode()));
  }

  /**
   * The code the shim recorded; without one (the shim itself was killed), the process's own exit
   * value when this runtime started it, else 137 as for SIGKILL.
   */
  public int exitCode() {
    int fallback = child.filter(p -> !p.isAlive()).map(Process::exitValue).orElse(137);
    try {
      Path f = dir.resolve("exit");
      return Files.exists(f) ? Integer.parseInt(Files.readString(f).strip()) : fallback;
    } catch (IOException | NumberFormatException e) {
      return fallback;
    }
  }

  /** SIGTERM (forwarded by the shim), then SIGKILL to the whole tree after {@code grace}. */
  public void stop(Duration grace) {
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    try {
      handle.onExit().get(Math.max(grace.toMillis(), 1), TimeUnit.MILLISECONDS);
    } catch (Exception timeout) {
      kill();
    }
  }

  public void kill() {
    handle.descendants().forEach(ProcessHandle::destroyForcibly);
    handle.destroyForcibly();
  }

  /** The last lines of the log (kubelet's FallbackToLogsOnError: at most 80 lines / 2 KiB). */
  public static String logTail(Path dir) {
    try {
      Path log = log(dir);
      if (!Files.exists(log)) {
        return "";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
      return tail.length() > 2048 ? tail.substring(tail.length() - 2048) : tail;
    } catch (IOException e) {
      return "";
    }
  }
}

package dev.podnet.agent.cni;

import dev.podnet.kernel.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A containerd of the test's own: root, state and sockets under {@code dir}, CRI off, running in
 * the node's network namespace so nothing it or its plugins create lands in the root namespace.
 * {@link #close} kills it and its shims and unmounts what it left under {@code dir}.
 */
final class PrivateContainerd implements AutoCloseable {
  private final Path dir;
  private final String netns;
  private Process process;

  PrivateContainerd(Path dir, String netns) {
    this.dir = dir;
    this.netns = netns;
  }

  Path socket() {
    return dir.resolve("containerd.sock");
  }

  PrivateContainerd start() throws IOException, InterruptedException {
    Path config = dir.resolve("config.toml");
    Files.writeString(config, String.join("\n",
        "version = 2",
        "root = \"" + dir.resolve("root") + "\"",
        "state = \"" + dir.resolve("state") + "\"",
        "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]",
        "[grpc]",
        "  address = \"" + socket() + "\"",
        "[ttrpc]",
        "  address = \"" + socket() + ".ttrpc\"",
        "[plugins.\"io.containerd.internal.v1.opt\"]",
        "  path = \"" + dir.resolve("opt") + "\"", ""));
    process = new ProcessBuilder("nsenter", "--net=/run/netns/" + netns, "--", "containerd", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!ctr(List.of("version")).ok()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("containerd did not come up: " + Files.readString(dir.resolve("containerd.log")));
      }
      Thread.sleep(100);
    }
    return this;
  }

  Exec.Result ctr(List<String> args) {
    List<String> argv = new ArrayList<>(List.of("ctr", "-a", socket().toString()));
    argv.addAll(args);
    return Exec.run(argv, null, Duration.ofSeconds(60));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    killProcessesMentioning(dir.toString());
    unmountUnder(dir);
  }

  /** Shims outlive containerd by design; they are ours when their command line names our dir. */
  private static void killProcessesMentioning(String marker) throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
          long pid = Long.parseLong(p.getFileName().toString());
          if (cmdline.contains(marker) && pid != ProcessHandle.current().pid()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
          }
        } catch (IOException | RuntimeException e) {
          // gone already
        }
      }
    }
  }

  /** containerd mounts overlay and shm under its root and state; lazily unmount deepest first. */
  static void unmountUnder(Path dir) throws IOException {
    List<String> targets = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String target = line.split(" ")[4].replace("\\040", " ");
      if (target.startsWith(dir.toString() + "/") || target.equals(dir.toString())) {
        targets.add(target);
      }
    }
    targets.sort(Comparator.comparingInt(String::length).reversed());
    for (String t : targets) {
      Exec.run(List.of("umount", "-l", t), null);
    }
  }
}

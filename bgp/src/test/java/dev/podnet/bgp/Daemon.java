package dev.podnet.bgp;

import dev.podnet.kernel.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real routing daemon (BIRD, FRR's bgpd, gobgpd) in a namespace, with its config, sockets and
 * log in its own temp directory, never the system's. {@link #close} kills it.
 */
final class Daemon implements AutoCloseable {
  final Path dir;
  private final Netns.Named netns;
  private Process process;

  Daemon(Netns.Named netns, String name) throws IOException {
    this.netns = netns;
    this.dir = Files.createTempDirectory("pnb-" + name + "-");
  }

  Path write(String file, String text) throws IOException {
    Path p = dir.resolve(file);
    Files.writeString(p, text);
    return p;
  }

  void start(String... argv) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns.name()));
    cmd.addAll(List.of(argv));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
  }

  /** Runs a CLI command in the daemon's namespace and returns its output (stdout and stderr). */
  String cli(String... argv) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns.name()));
    cmd.addAll(List.of(argv));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(20, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("run " + cmd + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + cmd, e);
    }
  }

  /** Polls {@code argv} until its output contains every {@code expected}; returns the last output. */
  String awaitOutput(Duration timeout, List<String> expected, String... argv) {
    String[] last = {""};
    try {
      Await.until(String.join(" ", argv) + " to show " + expected, timeout, () -> {
        last[0] = cli(argv);
        return expected.stream().allMatch(last[0]::contains);
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nlast output:\n" + last[0] + "\nlog:\n" + log(), e);
    }
    return last[0];
  }

  String log() {
    try (var files = Files.list(dir)) {
      StringBuilder b = new StringBuilder();
      for (Path p : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        String s = Files.readString(p);
        b.append("== ").append(p.getFileName()).append('\n').append(s.length() > 4000 ? s.substring(s.length() - 4000) : s);
      }
      return b.toString();
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws IOException {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

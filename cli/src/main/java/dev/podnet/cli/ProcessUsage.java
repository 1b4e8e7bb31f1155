package dev.podnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU and memory of processes on this host from /proc, as {@code kubectl top} shows them: CPU in
 * millicores over a sampling window (utime + stime, in clock ticks of {@link #TICKS_PER_SECOND}), memory as resident set size.
 */
record ProcessUsage(long millicores, long rssBytes) {
  /** USER_HZ: 100 on every Linux architecture podnet runs on (sysconf(_SC_CLK_TCK)). */
  static final long TICKS_PER_SECOND = 100;

  ProcessUsage plus(ProcessUsage other) {
    return new ProcessUsage(millicores + other.millicores, rssBytes + other.rssBytes);
  }

  /** Samples every pid over {@code window}; a pid that is gone (or not ours to read) is left out. */
  static Map<Long, ProcessUsage> sample(List<Long> pids, Duration window) throws InterruptedException {
    Map<Long, Long> before = new HashMap<>();
    for (long pid : pids) {
      ticks(pid).ifPresent(t -> before.put(pid, t));
    }
    long start = System.nanoTime();
    Thread.sleep(window.toMillis());
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<Long, ProcessUsage> out = new HashMap<>();
    for (Map.Entry<Long, Long> e : before.entrySet()) {
      Optional<Long> after = ticks(e.getKey());
      Optional<Long> rss = rss(e.getKey());
      if (after.isPresent() && rss.isPresent()) {
        long millicores = Math.round((after.get() - e.getValue()) * 1000.0 / TICKS_PER_SECOND / seconds);
        out.put(e.getKey(), new ProcessUsage(millicores, rss.get()));
      }
    }
    return out;
  }

  /**
   * {@code pid} and every process below it, from /proc/PID/task/TID/children: a container's process is often
   * a launcher whose child does the work (the DNS and Ingress images are JVMs started by a script).
   */
  static List<Long> tree(long pid) {
    List<Long> out = new java.util.ArrayList<>();
    java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>(List.of(pid));
    while (!todo.isEmpty() && out.size() < 10_000) {
      long p = todo.pop();
      out.add(p);
      try (var tasks = Files.list(Path.of("/proc", Long.toString(p), "task"))) {
        for (Path task : tasks.toList()) {
          for (String child : text(task.resolve("children")).trim().split("\\s+")) {
            if (!child.isEmpty()) {
              todo.push(Long.parseLong(child));
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // gone meanwhile: what was found counts
      }
    }
    return out;
  }

  /** utime + stime from /proc/PID/stat: fields 14 and 15, counted after the command name's closing parenthesis. */
  static Optional<Long> ticks(long pid) {
    try {
      String stat = text(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of(Long.parseLong(f[11]) + Long.parseLong(f[12]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** VmRSS from /proc/PID/status, in bytes. */
  static Optional<Long> rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Optional.of(Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024);
        }
      }
      return Optional.of(0L); // a kernel thread or a zombie: no resident memory
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A /proc file's text, read to its end: procfs reports sizes of 0 (or 4096), never the real one. */
  private static String text(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  String cpu() {
    return millicores + "m";
  }

  String memory() {
    return (rssBytes / (1024 * 1024)) + "Mi";
  }
}

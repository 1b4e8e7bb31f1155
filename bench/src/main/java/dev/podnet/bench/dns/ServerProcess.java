package dev.podnet.bench.dns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A server process found by the network namespace it serves in and a word of its command line:
 * its CPU time (user + system, all threads) and resident memory, read from /proc.
 */
record ServerProcess(long pid) {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  /** {@code comm} is the executable's name as the kernel shows it (java, knotd): wrappers that merely mention the command do not match. */
  static ServerProcess find(String netns, String comm, String commandWord) throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      Optional<Long> pid = procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> netns.equals(link(p.resolve("ns/net"))) && comm.equals(comm(p)) && cmdline(p).contains(commandWord))
          .map(p -> Long.parseLong(p.getFileName().toString())).min(Long::compare);
      return new ServerProcess(pid.orElseThrow(() -> new IllegalStateException(
          "no process running \"" + commandWord + "\" in netns " + netns + ": is the server pod Running?")));
    }
  }

  private static String link(Path p) {
    try {
      return Files.readSymbolicLink(p).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }

  private static String comm(Path p) {
    try {
      return Files.readString(p.resolve("comm")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static String cmdline(Path p) {
    try {
      return new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  double rssMiB() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }
}

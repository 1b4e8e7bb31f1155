package dev.podnet.bench.ingress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The processes of one server (all nginx workers, or the one JVM) in a pod's network namespace, for their CPU time. */
record Processes(List<Long> pids) {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  static Processes inNetns(String netns, String comm) throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      List<Long> pids = procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> netns.equals(link(p.resolve("ns/net"))) && comm.equals(read(p.resolve("comm"))))
          .map(p -> Long.parseLong(p.getFileName().toString())).sorted().toList();
      if (pids.isEmpty()) {
        throw new IllegalStateException("no " + comm + " process in netns " + netns + ": is the pod Running?");
      }
      return new Processes(pids);
    }
  }

  double cpuSeconds() throws IOException {
    double total = 0;
    for (long pid : pids) {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }
    return total;
  }

  private static String link(Path p) {
    try {
      return Files.readSymbolicLink(p).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p).strip();
    } catch (IOException e) {
      return "";
    }
  }
}

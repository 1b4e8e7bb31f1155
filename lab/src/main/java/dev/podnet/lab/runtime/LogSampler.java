package dev.podnet.lab.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Every second, every container log of a node that grew gets a {@link LogTimes} sample. */
final class LogSampler implements Runnable {
  private final Path pods;
  private final Map<Path, Long> sizes = new HashMap<>();

  LogSampler(Path pods) {
    this.pods = pods;
  }

  @Override
  public void run() {
    Set<Path> seen = new HashSet<>();
    for (Path log : logs()) {
      seen.add(log);
      try {
        sizes.put(log, LogTimes.sample(log, sizes.getOrDefault(log, -1L), Instant.now()));
      } catch (IOException | RuntimeException e) {
        // the pod went away while we looked; its samples go with its directory
      }
    }
    sizes.keySet().retainAll(seen);
  }

  /** {@code pods/UID/containers/NAME/log}. */
  private Set<Path> logs() {
    Set<Path> out = new HashSet<>();
    if (!Files.isDirectory(pods)) {
      return out;
    }
    try (Stream<Path> s = Files.find(pods, 4, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals("log"))) {
      s.forEach(out::add);
    } catch (IOException | RuntimeException e) {
      // a pod directory removed during the walk: the next second sees the rest
    }
    return out;
  }
}

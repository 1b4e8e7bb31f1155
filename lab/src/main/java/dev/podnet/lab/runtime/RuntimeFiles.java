package dev.podnet.lab.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A node runtime's files, read from outside it: each container's pid record and logs below
 * {@code STATE/pods/UID/containers/NAME}. podnetd serves exec and logs from them while the
 * runtime itself runs in the node's own process, as the API server reaches a kubelet's streams.
 */
public record RuntimeFiles(Path stateDir) {

  private Path containerDir(String uid, String container) {
    return stateDir.resolve("pods").resolve(uid).resolve("containers").resolve(container);
  }

  /** A container's log file (it may not exist yet). */
  public Path logFile(String uid, String container) {
    return ContainerProcess.log(containerDir(uid, container));
  }

  /** The log a container's run before its last restart left (it may not exist). */
  public Path previousLogFile(String uid, String container) {
    return ContainerProcess.previousLog(containerDir(uid, container));
  }

  /** The pids of the pod's containers whose recorded process still runs, by container name. */
  public Map<String, Long> runningContainers(String uid) {
    Path dir = stateDir.resolve("pods").resolve(uid).resolve("containers");
    Map<String, Long> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(c -> ContainerProcess.adopt(c).ifPresent(p -> out.put(c.getFileName().toString(), p.pid())));
    } catch (IOException e) {
      // a pod being removed right now: nothing runs
    }
    return out;
  }
}

package dev.podnet.daemon;

import dev.podnet.store.EtcdServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * podnetd's etcd outlives a podnetd killed with SIGKILL (nothing ran to stop it). The next
 * podnetd stops that orphan before starting etcd again on the same data, so it never finds the
 * data directory locked.
 */
final class OrphanEtcd {
  private OrphanEtcd() {}

  static EtcdServer killThenStart(Path dir) {
    Path pidFile = dir.resolve("etcd.pid");
    orphan(pidFile, dir).ifPresent(OrphanEtcd::stop);
    EtcdServer server = EtcdServer.start(dir);
    try {
      Files.writeString(pidFile, Long.toString(server.pid()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot record etcd's pid in " + pidFile + ": " + e.getMessage(), e);
    }
    return server;
  }

  /** The etcd of a previous podnetd, if it still runs: its pid is recorded and its command line names our directory. */
  static Optional<ProcessHandle> orphan(Path pidFile, Path dir) {
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(h -> h.info().commandLine().map(c -> c.contains("etcd") && c.contains(dir.toString())).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  static void stop(ProcessHandle h) {
    h.destroy();
    try {
      h.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      h.destroyForcibly();
    }
  }
}

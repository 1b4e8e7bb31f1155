package dev.podnet.kernel.bpf;

import dev.podnet.kernel.KernelException;
import java.io.IOException;
import java.time.Duration;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A cgroup v2 directory of podnet's own: always {@code MOUNT/podnet-OWNER/NAME}, never the root
 * or a cgroup another program made, so what podnet attaches there reaches only the processes
 * podnet put there (a lab node's pods) and none of the host's.
 */
public record Cgroup(Path dir) {
  /** Where the hybrid layout of this kind of machine mounts cgroup v2; a pure v2 host has it at /sys/fs/cgroup. */
  private static final List<Path> MOUNTS = List.of(Path.of("/sys/fs/cgroup/unified"), Path.of("/sys/fs/cgroup"));
  public static final String OWNER_PREFIX = "podnet-";

  public Cgroup {
    Path parent = dir.getParent();
    if (parent == null || parent.getFileName() == null || !parent.getFileName().toString().startsWith(OWNER_PREFIX)) {
      throw new IllegalArgumentException("cgroup " + dir + " is not under a " + OWNER_PREFIX + "* directory: podnet attaches only to cgroups of its own");
    }
  }

  /** {@code MOUNT/podnet-OWNER/NAME}, created with its parent when absent. */
  public static Cgroup ensure(String owner, String name) {
    Cgroup cg = of(owner, name);
    try {
      Files.createDirectories(cg.dir);
      return cg;
    } catch (IOException e) {
      throw new KernelException("create cgroup " + cg.dir, "host", e.toString() + " (is cgroup v2 mounted writable?)");
    }
  }

  /** The cgroup's path, whether or not it exists. */
  public static Cgroup of(String owner, String name) {
    if (name.isEmpty() || name.contains("/") || owner.contains("/")) {
      throw new IllegalArgumentException("cgroup owner " + owner + " and name " + name + " must be single path elements");
    }
    return new Cgroup(v2Mount().resolve(OWNER_PREFIX + owner).resolve(name));
  }

  /** The cgroup v2 mount: where {@code cgroup.controllers} lives (only v2 has it). */
  public static Path v2Mount() {
    return findV2Mount().orElseThrow(() -> new KernelException("find the cgroup v2 mount", "host", "none of " + MOUNTS
            + " is cgroup v2; mount it (mount -t cgroup2 none /sys/fs/cgroup/unified)"));
  }

  /** The cgroup v2 mount, or empty on a host without one (where podnet made no cgroup to clean up). */
  public static Optional<Path> findV2Mount() {
    return MOUNTS.stream().filter(p -> Files.exists(p.resolve("cgroup.controllers"))).findFirst();
  }

  /**
   * The podnet cgroup the processes of network namespace {@code netns} are in (a lab pod's
   * containers with the ebpf datapath), found through /proc; empty when none of them is in one.
   */
  public static Optional<Cgroup> ofProcessesIn(dev.podnet.kernel.Netns netns) {
    Path root = v2Mount();
    try (var procs = Files.list(Path.of("/proc"))) {
      String ns = "net:[" + Files.getAttribute(netns.path(), "unix:ino") + "]";
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          if (Files.readSymbolicLink(proc.resolve("ns/net")).toString().equals(ns)) {
            Optional<Cgroup> cg = Files.readAllLines(proc.resolve("cgroup")).stream().filter(l -> l.startsWith("0::/"))
                .map(l -> root.resolve(l.substring(4))).filter(d -> d.getParent() != null && d.getParent().getFileName() != null
                    && d.getParent().getFileName().toString().startsWith(OWNER_PREFIX)).map(Cgroup::new).findFirst();
            if (cg.isPresent()) {
              return cg;
            }
          }
        } catch (IOException | SecurityException e) {
          // the process exited meanwhile, or is not ours to read: the next one
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new KernelException("find the cgroup of the processes in " + netns, "host", e.toString());
    }
  }

  /**
   * Runs {@code action} with this process inside the cgroup, then moves it back to the cgroup v2
   * it was in: a socket {@code action} makes is this cgroup's for good (the kernel ties a socket
   * to its maker's cgroup when it is made), so the programs attached here see its connect() and
   * sendmsg() as they see the pod's own. The move back happens also when {@code action} throws.
   */
  public <T> T callInside(java.util.concurrent.Callable<T> action) throws Exception {
    Path self = Path.of("/proc/self/cgroup");
    String was = Files.readAllLines(self).stream().filter(l -> l.startsWith("0::/")).map(l -> l.substring(4)).findFirst()
        .orElseThrow(() -> new KernelException("find this process's cgroup v2", "host", "no 0:: line in /proc/self/cgroup"));
    long pid = ProcessHandle.current().pid();
    addProcess(pid);
    try {
      return action.call();
    } finally {
      Path back = v2Mount().resolve(was).resolve("cgroup.procs");
      try {
        Files.writeString(back, Long.toString(pid));
      } catch (IOException e) {
        throw new KernelException("move pid " + pid + " back into cgroup " + back.getParent(), "host", e.toString());
      }
    }
  }

  public boolean exists() {
    return Files.isDirectory(dir);
  }

  /** Moves process {@code pid} here: sockets it opens from now on are this cgroup's (existing ones stay where they were made). */
  public void addProcess(long pid) {
    try {
      Files.writeString(dir.resolve("cgroup.procs"), Long.toString(pid));
    } catch (IOException e) {
      throw new KernelException("move pid " + pid + " into cgroup " + dir, "host", e.toString());
    }
  }

  public List<Long> pids() {
    try {
      return Files.readAllLines(dir.resolve("cgroup.procs")).stream().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new KernelException("list processes of cgroup " + dir, "host", e.toString());
    }
  }

  /** How long {@link #delete} waits for the last processes to leave (their exit is asynchronous to the kill). */
  static final Duration BUSY_WAIT = Duration.ofSeconds(5);
  private static final long BUSY_POLL_MS = 50;

  /**
   * Removes the cgroup, and its {@code podnet-OWNER} parent when that is left empty; absent counts
   * as removed. Processes still inside go back to the root, where every process of the host starts.
   * A killed process stays a member until the kernel has reaped it, so rmdir answers EBUSY for a
   * moment after a teardown: that is retried for up to {@link #BUSY_WAIT}, moving stragglers out
   * each time, before it fails naming the pids still inside.
   */
  public void delete() {
    if (!exists()) {
      return;
    }
    long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
    while (true) {
      moveToRoot(pids());
      try {
        Files.deleteIfExists(dir);
        break;
      } catch (IOException e) {
        if (!isBusy(e) || System.nanoTime() > deadline) {
          throw new KernelException("remove cgroup " + dir, "host", e + (isBusy(e)
              ? " after " + BUSY_WAIT.toSeconds() + " s (still inside: pids " + pids() + ", sub-cgroups " + subdirs(dir) + ")" : ""));
        }
      }
      sleep();
    }
    if (subdirs(dir.getParent()).isEmpty()) {
      try {
        Files.deleteIfExists(dir.getParent());
      } catch (IOException e) {
        // a sibling node's cgroup appeared meanwhile, or another agent removed the parent: either way not ours to fail on
      }
    }
  }

  /** Removes {@code MOUNT/podnet-OWNER} when no node cgroup is left in it (a teardown that stopped between the two rmdirs). */
  public static void deleteOwnerIfEmpty(String owner) {
    if (owner.isEmpty() || owner.contains("/")) {
      throw new IllegalArgumentException("cgroup owner " + owner + " must be a single path element");
    }
    Optional<Path> mount = findV2Mount();
    if (mount.isEmpty()) {
      return;
    }
    Path dir = mount.get().resolve(OWNER_PREFIX + owner);
    if (Files.isDirectory(dir) && subdirs(dir).isEmpty()) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        throw new KernelException("remove cgroup " + dir, "host", e.toString());
      }
    }
  }

  private static void moveToRoot(List<Long> pids) {
    Path root = v2Mount().resolve("cgroup.procs");
    for (long pid : pids) {
      try {
        Files.writeString(root, Long.toString(pid));
      } catch (IOException e) {
        // the process exited meanwhile (ESRCH): nothing to move
      }
    }
  }

  /** EBUSY: processes (maybe exiting) or sub-cgroups still inside. */
  static boolean isBusy(IOException e) {
    return e instanceof FileSystemException f && f.getReason() != null && f.getReason().contains("busy")
        || e instanceof DirectoryNotEmptyException;
  }

  private static List<String> subdirs(Path p) {
    try (var s = Files.list(p)) {
      return s.filter(Files::isDirectory).map(x -> x.getFileName().toString()).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(BUSY_POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KernelException("remove cgroup", "host", "interrupted while waiting for its processes to exit");
    }
  }
}

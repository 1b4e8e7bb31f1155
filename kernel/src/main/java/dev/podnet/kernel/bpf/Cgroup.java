package dev.podnet.kernel.bpf;

import dev.podnet.kernel.KernelException;
import java.io.IOException;
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
    return MOUNTS.stream().filter(p -> Files.exists(p.resolve("cgroup.controllers"))).findFirst()
        .orElseThrow(() -> new KernelException("find the cgroup v2 mount", "host", "none of " + MOUNTS
            + " is cgroup v2; mount it (mount -t cgroup2 none /sys/fs/cgroup/unified)"));
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

  /**
   * Removes the cgroup, and its {@code podnet-OWNER} parent when that is left empty; absent counts
   * as removed. Processes still inside go back to the root, where every process of the host starts.
   */
  public void delete() {
    if (!exists()) {
      return;
    }
    Path root = v2Mount();
    for (long pid : pids()) {
      try {
        Files.writeString(root.resolve("cgroup.procs"), Long.toString(pid));
      } catch (IOException e) {
        // the process exited meanwhile: nothing to move
      }
    }
    rmdir(dir);
    try (var left = Files.list(dir.getParent())) {
      if (left.noneMatch(Files::isDirectory)) {
        rmdir(dir.getParent());
      }
    } catch (IOException e) {
      // the parent went already (another agent removed the last sibling)
    }
  }

  private static void rmdir(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new KernelException("remove cgroup " + p, "host", e.toString() + (Optional.ofNullable(e.getMessage()).orElse("").contains("busy")
          ? " (processes or sub-cgroups are still inside)" : ""));
    }
  }
}

package dev.podnet.kernel.bpf;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The BPF filesystem, where pins keep programs and maps alive without a process holding them.
 * Each {@code mount -t bpf} is a fresh, empty instance, so podnet mounts one only where none is
 * and unmounts only one it mounted, once nothing is pinned in it. Which one podnet mounted is
 * marked in the instance itself ({@link #MARKER}, a directory), so the process that removes
 * the last pin (another agent, or {@code down}) knows as well as the one that mounted it.
 */
public record Bpffs(Path mountPoint) {
  public static final Path DEFAULT = Path.of("/sys/fs/bpf");
  /** Made in an instance podnet mounted; bpffs holds only directories and pins, and no name with a dot. */
  static final String MARKER = "mounted-by-podnet";
  private static final String FS_TYPE = "bpf";

  /** Uses the bpffs at {@code mountPoint}, mounting one when there is none. */
  public static Bpffs ensureMounted(Path mountPoint) {
    Bpffs fs = new Bpffs(mountPoint);
    if (isBpffs(mountPoint)) {
      return fs;
    }
    Exec.Result r = Exec.run(List.of("mount", "-t", "bpf", "bpf", mountPoint.toString()), null);
    if (!r.ok()) {
      throw new KernelException("mount bpffs at " + mountPoint, "host", r.stderr() + " (does the directory exist? are we root?)");
    }
    try {
      Files.createDirectories(mountPoint.resolve(MARKER));
    } catch (IOException e) {
      throw new KernelException("mark bpffs at " + mountPoint + " as podnet's", "host", e.toString());
    }
    return fs;
  }

  /** True when {@code p} is a bpffs mount point, as /proc/self/mounts says. */
  public static boolean isBpffs(Path p) {
    try {
      return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" "))
          .anyMatch(f -> f.length > 2 && f[1].equals(p.toString()) && f[2].equals(FS_TYPE));
    } catch (IOException e) {
      throw new KernelException("read /proc/self/mounts", "host", e.toString());
    }
  }

  /** Unmounts the instance if podnet mounted it and nothing is pinned in it any more; otherwise leaves it. */
  public void unmountIfPodnetsAndEmpty() {
    if (!isBpffs(mountPoint) || !Files.isDirectory(mountPoint.resolve(MARKER))) {
      return;
    }
    try (Stream<Path> s = Files.list(mountPoint)) {
      // maps.debug and progs.debug: the kernel's own iterators, in every fresh instance (BPF_PRELOAD)
      if (s.map(p -> p.getFileName().toString()).anyMatch(n -> !n.endsWith(".debug") && !n.equals(MARKER))) {
        return;
      }
      Files.deleteIfExists(mountPoint.resolve(MARKER));
    } catch (IOException e) {
      throw new KernelException("list bpffs " + mountPoint, "host", e.toString());
    }
    Exec.Result r = Exec.run(List.of("umount", mountPoint.toString()), null);
    if (!r.ok()) {
      throw new KernelException("unmount bpffs at " + mountPoint, "host", r.stderr());
    }
  }
}

package dev.podnet.kernel.bpf;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The BPF filesystem, where pins keep programs and maps alive without a process holding them.
 * Each {@code mount -t bpf} is a fresh, empty instance, so podnet mounts one only where none is
 * and unmounts only the one it mounted, and only when nothing is pinned in it any more.
 */
public record Bpffs(Path mountPoint, boolean mountedHere) {
  public static final Path DEFAULT = Path.of("/sys/fs/bpf");
  /** statfs f_type of bpffs (BPF_FS_MAGIC). */
  private static final String FS_TYPE = "bpf";

  /** Uses the bpffs at {@code mountPoint}, mounting one when there is none. */
  public static Bpffs ensureMounted(Path mountPoint) {
    if (isBpffs(mountPoint)) {
      return new Bpffs(mountPoint, false);
    }
    Exec.Result r = Exec.run(List.of("mount", "-t", "bpf", "bpf", mountPoint.toString()), null);
    if (!r.ok()) {
      throw new KernelException("mount bpffs at " + mountPoint, "host", r.stderr() + " (does the directory exist? are we root?)");
    }
    return new Bpffs(mountPoint, true);
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

  /** Unmounts the instance this mounted, once it is empty; an instance found mounted stays. */
  public void unmountIfMineAndEmpty() {
    if (!mountedHere || !isBpffs(mountPoint)) {
      return;
    }
    try (var s = Files.list(mountPoint)) {
      // maps.debug and progs.debug: the kernel's own iterators, in every fresh instance (BPF_PRELOAD)
      if (s.anyMatch(p -> !p.getFileName().toString().endsWith(".debug"))) {
        return;
      }
    } catch (IOException e) {
      throw new KernelException("list bpffs " + mountPoint, "host", e.toString());
    }
    Exec.Result r = Exec.run(List.of("umount", mountPoint.toString()), null);
    if (!r.ok()) {
      throw new KernelException("unmount bpffs at " + mountPoint, "host", r.stderr());
    }
  }
}

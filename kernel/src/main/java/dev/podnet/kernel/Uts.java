package dev.podnet.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Persistent UTS namespaces, the way {@code ip netns} keeps network ones: an empty file under
 * {@link #DIR} with the namespace bind-mounted on it, so any later process can join it and see
 * the pod's (or node's) hostname.
 */
public final class Uts {
  public static final Path DIR = Path.of("/run/podnet/utsns");

  private Uts() {}

  public static Path path(String name) {
    Netns.named(name); // same naming rules
    return DIR.resolve(name);
  }

  /** Creates the namespace with {@code hostname}, or sets the hostname of an existing one. */
  public static Path ensure(String name, String hostname) {
    Path p = path(name);
    if (!hostname.matches("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?")) {
      throw new KernelException("set hostname of uts " + name, "host", "'" + hostname + "' is not a valid host name (RFC 1123 label, at most 63 characters)");
    }
    if (isMounted(p)) {
      run(List.of("nsenter", "--uts=" + p, "--", "hostname", hostname), "set hostname " + hostname + " in uts " + name);
      return p;
    }
    try {
      Files.createDirectories(DIR);
      if (!Files.exists(p)) {
        Files.createFile(p);
      }
    } catch (IOException e) {
      throw new KernelException("create uts handle " + p, "host", e.toString());
    }
    try {
      run(List.of("unshare", "--uts=" + p, "--", "hostname", hostname), "create uts " + name);
    } catch (KernelException e) {
      deleteQuietly(p);
      throw e;
    }
    return p;
  }

  /** Unmounts and removes the handle; absent counts as success. */
  public static void delete(String name) {
    Path p = path(name);
    if (isMounted(p)) {
      Exec.Result r = Exec.run(List.of("umount", p.toString()), null);
      if (!r.ok() && isMounted(p)) {
        throw new KernelException("delete uts " + name, "host", r.stderr());
      }
    }
    deleteQuietly(p);
  }

  /** {@link #delete} for many handles, with one {@code umount} for all that are mounted. */
  public static void deleteAll(List<String> names) {
    List<String> mounted = names.stream().map(Uts::path).filter(Uts::isMounted).map(Path::toString).toList();
    if (!mounted.isEmpty()) {
      List<String> argv = new ArrayList<>(List.of("umount"));
      argv.addAll(mounted);
      Exec.run(argv, null);
    }
    names.forEach(Uts::delete);
  }

  /** Removes the handle directory (and /run/podnet) once no handle is left in it. */
  public static void deleteDirIfEmpty() {
    for (Path d : List.of(DIR, DIR.getParent())) {
      try {
        Files.deleteIfExists(d);
      } catch (IOException e) {
        return; // not empty: another cluster still uses it
      }
    }
  }

  public static List<String> names() {
    if (!Files.isDirectory(DIR)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(DIR)) {
      return s.map(x -> x.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new KernelException("list uts", "host", e.toString());
    }
  }

  static boolean isMounted(Path p) {
    try {
      String target = " " + p + " ";
      return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(target));
    } catch (IOException e) {
      return false;
    }
  }

  private static void run(List<String> argv, String what) {
    Exec.Result r = Exec.run(argv, null);
    if (!r.ok()) {
      throw new KernelException(what, "host", r.stderr());
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a busy handle is reported by the next delete
    }
  }
}

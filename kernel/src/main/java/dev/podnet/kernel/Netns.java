package dev.podnet.kernel;

import java.nio.file.Path;
import java.util.List;

/**
 * A network namespace to run a request in. {@link Named} is the iproute2 kind, bind-mounted at
 * {@code /run/netns/NAME}; {@link AtPath} is any other handle (containerd hands plugins
 * {@code /proc/PID/ns/net}); {@link Host} is the namespace this process runs in.
 */
public sealed interface Netns {

  String RUN_DIR = "/run/netns";

  static Named named(String name) {
    return new Named(name);
  }

  static Netns at(String path) {
    String p = Path.of(path).normalize().toString();
    String prefix = RUN_DIR + "/";
    if (p.startsWith(prefix) && !p.substring(prefix.length()).contains("/")) {
      return new Named(p.substring(prefix.length()));
    }
    if (p.startsWith("/var/run/netns/") && !p.substring("/var/run/netns/".length()).contains("/")) {
      return new Named(p.substring("/var/run/netns/".length()));
    }
    return new AtPath(Path.of(p));
  }

  static Netns host() {
    return new Host();
  }

  /** The file that holds the namespace. */
  Path path();

  /** Arguments that put a command into this namespace (empty for {@link Host}). */
  List<String> nsenter();

  /**
   * How {@code ip link ... netns X} can name this namespace: a name, or the pid of a process in
   * it. Fails for handles iproute2 cannot address.
   */
  String linkRef();

  record Named(String name) implements Netns {
    public Named {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
        throw new IllegalArgumentException("bad network namespace name '" + name + "': use letters, digits, '_', '.', '-' (at most 64)");
      }
    }

    @Override
    public Path path() {
      return Path.of(RUN_DIR, name);
    }

    @Override
    public List<String> nsenter() {
      return List.of("--net=" + path());
    }

    @Override
    public String linkRef() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  record AtPath(Path path) implements Netns {
    @Override
    public List<String> nsenter() {
      return List.of("--net=" + path);
    }

    @Override
    public String linkRef() {
      String p = path.toString();
      if (p.matches("/proc/\\d+/ns/net")) {
        return p.split("/")[2];
      }
      throw new KernelException("name netns " + p + " in 'ip link ... netns'", this,
          "iproute2 accepts only a name under " + RUN_DIR + " or /proc/PID/ns/net");
    }

    @Override
    public String toString() {
      return path.toString();
    }
  }

  record Host() implements Netns {
    @Override
    public Path path() {
      return Path.of("/proc/self/ns/net");
    }

    @Override
    public List<String> nsenter() {
      return List.of();
    }

    @Override
    public String linkRef() {
      return Long.toString(ProcessHandle.current().pid());
    }

    @Override
    public String toString() {
      return "host";
    }
  }
}

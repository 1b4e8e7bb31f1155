package dev.podnet.kernel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A command run inside the namespaces (network, UTS, mount) of a running process, with that
 * process's environment: what {@code kubectl exec} gives inside a container. Its stdio are pipes,
 * or with a tty all three are the slave of a {@link Pty} that the command owns as its
 * controlling terminal ({@code setsid --ctty}), so job control, {@code tty} and SIGWINCH work.
 */
public final class ProcessExec implements AutoCloseable {
  private static final File DEV_NULL = new File("/dev/null");

  /** Which of the three streams the caller wants; the others are /dev/null. A tty carries all three. */
  public record Streams(boolean stdin, boolean stdout, boolean stderr, boolean tty) {}

  /** A terminal's size in characters. */
  public record Size(int columns, int rows) {}

  /** {@code command} in the namespaces and environment of process {@code pid}; a tty starts with {@code size} when known. */
  public record Request(long pid, List<String> command, Streams streams, Optional<Size> size) {}

  private final Process process;
  private final Optional<Pty> pty;

  private ProcessExec(Process process, Optional<Pty> pty) {
    this.process = process;
    this.pty = pty;
  }

  public static ProcessExec start(Request r) {
    List<String> env = environmentOf(r.pid(), r.streams().tty());
    Optional<Pty> pty = r.streams().tty() ? Optional.of(Pty.open()) : Optional.empty();
    // sized before the command starts, so that its first look at the terminal sees the client's
    pty.ifPresent(p -> r.size().ifPresent(z -> p.resize(z.columns(), z.rows())));
    ProcessBuilder pb = new ProcessBuilder(argv(r, env));
    pb.environment().clear();
    if (pty.isPresent()) {
      File slave = new File(pty.get().slavePath());
      pb.redirectInput(slave).redirectOutput(slave).redirectError(slave);
    } else {
      Streams s = r.streams();
      pb.redirectInput(s.stdin() ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(DEV_NULL))
          .redirectOutput(s.stdout() ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD)
          .redirectError(s.stderr() ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);
    }
    try {
      return new ProcessExec(pb.start(), pty);
    } catch (IOException e) {
      pty.ifPresent(Pty::close);
      throw new KernelException("exec " + String.join(" ", r.command()) + " in the namespaces of pid " + r.pid(), "pid:" + r.pid(),
          "cannot start nsenter: " + e.getMessage() + " (util-linux installed?)");
    }
  }

  /**
   * {@code nsenter} into the target, {@code env -i} with its environment, and with a tty under
   * {@code setsid --ctty}; in the target's cgroup v2 too when it has one of its own, as a runtime
   * execs into the container's cgroup (socket programs attached there then apply to the command).
   */
  static List<String> argv(Request r, List<String> env) {
    List<String> argv = new ArrayList<>();
    if (r.streams().tty()) {
      argv.addAll(List.of("setsid", "--ctty"));
    }
    argv.addAll(joiningCgroupOf(r.pid()));
    argv.addAll(List.of("nsenter", "-t", Long.toString(r.pid()), "-n", "-u", "-m", "--", "env", "-i"));
    argv.addAll(env);
    argv.addAll(r.command());
    return argv;
  }

  /**
   * The words that make a command join {@code pid}'s cgroup v2 before it runs (put them first),
   * or none when that is the root: an exec'd command belongs where the container is, as runtimes
   * do, so the node's socket programs translate its connections too.
   */
  public static List<String> joiningCgroupOf(long pid) {
    return cgroupProcsOf(pid).map(procs -> List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", procs.toString())).orElse(List.of());
  }

  /** The cgroup.procs file of the target's cgroup v2, unless it is the root (nothing to join). */
  static java.util.Optional<Path> cgroupProcsOf(long pid) {
    try {
      for (String l : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
        if (l.startsWith("0::") && !l.substring(3).equals("/")) {
          Path procs = dev.podnet.kernel.bpf.Cgroup.v2Mount().resolve(l.substring(4)).resolve("cgroup.procs");
          return java.nio.file.Files.isWritable(procs) ? java.util.Optional.of(procs) : java.util.Optional.empty();
        }
      }
    } catch (IOException | KernelException e) {
      // no cgroup v2 here, or the target is gone: exec as before
    }
    return java.util.Optional.empty();
  }

  /** The target's environment as {@code K=V} words; a terminal gets a TERM if the container has none, as runtimes do. */
  static List<String> environmentOf(long pid, boolean tty) {
    Path environ = Path.of("/proc", Long.toString(pid), "environ");
    try {
      List<String> out = new ArrayList<>();
      for (String kv : new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).split("\0")) {
        if (kv.indexOf('=') > 0) {
          out.add(kv);
        }
      }
      if (tty && out.stream().noneMatch(kv -> kv.startsWith("TERM="))) {
        out.add("TERM=xterm");
      }
      return out;
    } catch (IOException e) {
      throw new KernelException("read " + environ, "pid:" + pid, "the process is gone: " + e.getMessage());
    }
  }

  public long pid() {
    return process.pid();
  }

  /** Where stdin goes (the terminal with a tty). */
  public OutputStream stdin() {
    return pty.map(Pty::output).orElseGet(process::getOutputStream);
  }

  /** stdout, or everything the terminal shows with a tty. */
  public InputStream stdout() {
    return pty.map(Pty::input).orElseGet(process::getInputStream);
  }

  /** stderr; empty with a tty, where it goes to the terminal. */
  public InputStream stderr() {
    return pty.isPresent() ? InputStream.nullInputStream() : process.getErrorStream();
  }

  /** End of input. On a terminal there is no such thing (a shell reads ^D), so nothing happens there. */
  public void closeStdin() {
    if (pty.isEmpty()) {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // the process exited already; its stdin is gone with it
      }
    }
  }

  /** The terminal's new size; without a tty there is none to change. */
  public void resize(int columns, int rows) {
    pty.ifPresent(p -> p.resize(columns, rows));
  }

  /** Completes with the exit code. */
  public CompletableFuture<Integer> onExit() {
    return process.onExit().thenApply(Process::exitValue);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL to the command and everything it started that is still its descendant. */
  public void kill() {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Kills what still runs and releases the terminal. */
  @Override
  public void close() {
    kill();
    pty.ifPresent(Pty::close);
  }
}

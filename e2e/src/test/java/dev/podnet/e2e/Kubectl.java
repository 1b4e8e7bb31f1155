package dev.podnet.e2e;

import dev.podnet.kernel.Exec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@code kubectl} against a lab cluster as its users run it: HTTPS to podnetd's loopback
 * listener with the kubeconfig {@code podnet kubeconfig} prints (the cluster CA, the admin's client
 * certificate), in a home of its own with its own discovery cache, so no earlier run or user
 * setting leaks in.
 */
final class Kubectl implements AutoCloseable {
  private final Path home;

  private Kubectl(Path home) {
    this.home = home;
  }

  /** kubectl for {@code podnet}'s cluster, which must be up. */
  static Kubectl of(Podnet podnet) {
    try {
      Path home = Files.createTempDirectory("kubectl-" + podnet.cluster);
      Files.writeString(home.resolve("kubeconfig"), podnet.ok("kubeconfig").out());
      Kubectl k = new Kubectl(home);
      System.out.println("kubectl for cluster " + podnet.cluster + "\n" + k.ok("version", "--client").out());
      return k;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a kubeconfig for " + podnet.cluster, e);
    }
  }

  /** {@code kubectl ARGS} with the cluster's kubeconfig. */
  List<String> argv(String... args) {
    List<String> argv = new ArrayList<>(List.of("env", "KUBECONFIG=" + home.resolve("kubeconfig"), "kubectl", "--cache-dir=" + home.resolve("cache")));
    argv.addAll(List.of(args));
    return argv;
  }

  Podnet.Result run(String... args) {
    return runWithInput(null, args);
  }

  /** {@code kubectl ARGS} with {@code stdin} (null: none). */
  Podnet.Result runWithInput(String stdin, String... args) {
    Exec.Result r = Exec.run(argv(args), stdin, Duration.ofMinutes(2));
    return new Podnet.Result(r.exitCode(), r.stdout(), r.stderr());
  }

  /** {@code kubectl ARGS} with more environment ({@code NAME=value}, e.g. an EDITOR). */
  Podnet.Result runWithEnv(List<String> env, String... args) {
    List<String> argv = new ArrayList<>(argv(args));
    argv.addAll(1, env);
    Exec.Result r = Exec.run(argv, null, Duration.ofMinutes(2));
    return new Podnet.Result(r.exitCode(), r.stdout(), r.stderr());
  }

  /** Runs and fails the test unless kubectl exits 0. */
  Podnet.Result ok(String... args) {
    Podnet.Result r = run(args);
    if (!r.ok()) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + r.exit() + "\nstdout: " + r.out() + "\nstderr: " + r.err());
    }
    return r;
  }

  /** A long-running kubectl ({@code get -w}) writing into {@code out}; the caller destroys it. */
  Process start(Path out, String... args) {
    try {
      return new ProcessBuilder(argv(args)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start kubectl " + String.join(" ", args), e);
    }
  }

  Path home() {
    return home;
  }

  @Override
  public void close() {
    Podnet.deleteTree(home);
  }
}

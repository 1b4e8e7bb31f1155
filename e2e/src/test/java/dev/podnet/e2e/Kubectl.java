package dev.podnet.e2e;

import dev.podnet.kernel.Exec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@code kubectl} against a lab cluster's podnetd: a plain-HTTP relay ({@code socat})
 * from a loopback port to podnetd's unix socket, and kubectl pointed at it with an empty
 * kubeconfig and a discovery cache of its own, so no earlier run or user setting leaks in.
 */
final class Kubectl implements AutoCloseable {
  private final Process relay;
  private final int port;
  private final Path home;

  private Kubectl(Process relay, int port, Path home) {
    this.relay = relay;
    this.port = port;
    this.home = home;
  }

  /** Starts the relay to {@code podnet}'s cluster and waits until it accepts connections. */
  static Kubectl relayTo(Podnet podnet) {
    Path socket = podnet.stateBase.resolve(podnet.cluster).resolve("podnetd.sock");
    int port = freePort();
    try {
      Path home = Files.createTempDirectory("kubectl-" + podnet.cluster);
      Process relay = new ProcessBuilder("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr", "UNIX-CONNECT:" + socket)
          .redirectErrorStream(true).redirectOutput(home.resolve("socat.log").toFile()).start();
      Kubectl k = new Kubectl(relay, port, home);
      k.awaitListening();
      System.out.println("kubectl relay 127.0.0.1:" + port + " -> " + socket + "\n" + k.ok("version", "--client").out());
      return k;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start socat relaying to " + socket + " (is socat installed?)", e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port for the kubectl relay", e);
    }
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Podnet.sleep(100);
      }
    }
    throw new AssertionError("socat does not listen on 127.0.0.1:" + port + " within 10 s; alive=" + relay.isAlive());
  }

  /** {@code kubectl ARGS} with the relay as its server. */
  List<String> argv(String... args) {
    List<String> argv = new ArrayList<>(List.of("env", "KUBECONFIG=" + home.resolve("kubeconfig"), "kubectl", "--server=http://127.0.0.1:" + port,
        "--cache-dir=" + home.resolve("cache")));
    argv.addAll(List.of(args));
    return argv;
  }

  Podnet.Result run(String... args) {
    Exec.Result r = Exec.run(argv(args), null, Duration.ofMinutes(2));
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
    relay.destroy();
    Podnet.deleteTree(home);
  }
}

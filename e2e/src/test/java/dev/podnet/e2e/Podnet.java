package dev.podnet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.kernel.Exec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The {@code podnet} command as a user runs it: {@code bin/podnet} from the checkout, with a
 * cluster name and state directory of this test run's own.
 */
final class Podnet {
  static final Path CHECKOUT = findCheckout();
  private static final ObjectMapper JSON = new ObjectMapper();

  final String cluster;
  final Path stateBase;

  Podnet(String cluster, Path stateBase) {
    this.cluster = cluster;
    this.stateBase = stateBase;
  }

  record Result(int exit, String out, String err) {
    boolean ok() {
      return exit == 0;
    }

    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON (exit " + exit + ", stderr " + err + "): " + out, e);
      }
    }
  }

  private static Path findCheckout() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("bin/podnet"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("bin/podnet not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /**
   * A cluster of this test run's own: named {@code e2e<tag><run>} (so its namespaces are
   * {@code pn-e2e...-}), with its state under /tmp.
   */
  static Podnet forRun(String tag) {
    String name = "e2e" + tag + dev.podnet.kernel.KernelTestSupport.prefix().replace("-", "").substring(2);
    return new Podnet(name, Path.of("/tmp/podnet-e2e-" + name));
  }

  /** {@code podnet up ARGS}, failing the test with podnet's own words if it does not come up. */
  void up(String... args) {
    Result r = run(concat("up", args));
    if (!r.ok()) {
      throw new AssertionError("podnet up " + String.join(" ", args) + " exited " + r.exit + ": " + r.err + r.out);
    }
  }

  /**
   * {@code podnet down} whatever state the test left, and the run's state directory with it; then
   * nothing named after the cluster may be left (namespaces, UTS handles, the socket LB's cgroup
   * and pins). A leak is reported here, at the class that made it: down runs a second time (so
   * the next class starts clean) and the class fails if even that leaves something.
   */
  void downAndForget() {
    Result first = run("down");
    List<String> left = leftByName();
    if (!left.isEmpty()) {
      System.err.println("cluster " + cluster + ": down (exit " + first.exit + ") left " + left + "; running down again\n" + first.out + first.err);
      Result second = run("down");
      List<String> still = leftByName();
      if (!still.isEmpty()) {
        deleteTree(stateBase);
        throw new AssertionError("cluster " + cluster + " leaked after two downs: " + still + "\nfirst down (exit " + first.exit + "): "
            + first.out + first.err + "\nsecond down (exit " + second.exit + "): " + second.out + second.err);
      }
    }
    deleteTree(stateBase);
  }

  /** What the kernel and the host still hold under this cluster's names, as a user would look with ip netns, ls and bpftool. */
  List<String> leftByName() {
    List<String> left = new ArrayList<>();
    String prefix = "pn-" + cluster + "-";
    new dev.podnet.kernel.IpKernel().netnsNames().stream().filter(n -> n.startsWith(prefix)).forEach(n -> left.add("netns " + n));
    dev.podnet.kernel.Uts.names().stream().filter(n -> n.startsWith(prefix)).forEach(n -> left.add("uts " + n));
    dev.podnet.kernel.bpf.Cgroup.findV2Mount().map(m -> m.resolve("podnet-" + cluster)).filter(Files::exists).ifPresent(p -> left.add("cgroup " + p));
    Path pins = Path.of("/sys/fs/bpf", "podnet-" + cluster);
    if (Files.exists(pins)) {
      left.add("pins " + pins);
    }
    dev.podnet.kernel.bpf.Cgroup.findV2Mount().ifPresent(m -> Exec.run(List.of("bpftool", "cgroup", "tree", m.toString()), null).stdout().lines()
        .filter(l -> l.contains("podnet-" + cluster + "/")).forEach(l -> left.add("attached " + l.strip())));
    processesUnder(stateBase).forEach(p -> left.add("process " + p));
    return left;
  }

  /**
   * Processes whose command line names a path under {@code dir}: podnetd, the agents, their etcd
   * and the pods' containers all run with the cluster's state directory in their arguments.
   */
  static List<String> processesUnder(Path dir) {
    String prefix = dir.toAbsolutePath() + "/";
    List<String> found = new ArrayList<>();
    ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid()).forEach(p -> {
      try {
        String argv = new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")), java.nio.charset.StandardCharsets.UTF_8)
            .replace('\0', ' ').strip();
        if (argv.contains(prefix) && p.isAlive()) {
          found.add(p.pid() + " " + (argv.length() > 200 ? argv.substring(0, 200) + "..." : argv));
        }
      } catch (IOException gone) {
        // exited meanwhile
      }
    });
    return found;
  }

  Result run(String... args) {
    return runWithInput(null, args);
  }

  /** Runs {@code podnet --name CLUSTER ARGS...} with {@code stdin}; waits at most 5 minutes. */
  Result runWithInput(String stdin, String... args) {
    List<String> argv = new ArrayList<>(List.of("env", "PODNET_STATE_DIR=" + stateBase, "PODNET_SKIP_BUILD=1", "KUBECONFIG=" + kubeconfig(),
        CHECKOUT.resolve("bin/podnet").toString(), "--name=" + cluster));
    argv.addAll(List.of(args));
    Exec.Result r = Exec.run(argv, stdin, Duration.ofMinutes(5));
    return new Result(r.exitCode(), r.stdout(), r.stderr());
  }

  /** The kubeconfig {@code up} writes to in tests: the run's own, never the machine's ~/.kube/config. */
  Path kubeconfig() {
    return stateBase.resolve("kubeconfig");
  }

  /** The real kubectl with the run's kubeconfig. */
  Result kubectl(String... args) {
    List<String> argv = new ArrayList<>(List.of("env", "KUBECONFIG=" + kubeconfig(), "kubectl"));
    argv.addAll(List.of(args));
    Exec.Result r = Exec.run(argv, null, Duration.ofMinutes(2));
    return new Result(r.exitCode(), r.stdout(), r.stderr());
  }

  /** Runs and fails the test unless it exits 0. */
  Result ok(String... args) {
    Result r = run(args);
    if (!r.ok()) {
      throw new AssertionError("podnet " + String.join(" ", args) + " exited " + r.exit + "\nstdout: " + r.out + "\nstderr: " + r.err);
    }
    return r;
  }

  Result apply(String yaml) {
    Result r = runWithInput(yaml, "apply", "-f", "-");
    if (!r.ok()) {
      throw new AssertionError("apply failed: " + r.err + r.out);
    }
    return r;
  }

  JsonNode get(String... args) {
    List<String> a = new ArrayList<>(List.of("get"));
    a.addAll(List.of(args));
    a.addAll(List.of("-o", "json"));
    return ok(a.toArray(String[]::new)).json();
  }

  /** Polls {@code get ... -o json} until {@code ok} holds; returns the last value and how long it took. */
  JsonNode await(String what, Duration timeout, Predicate<JsonNode> ok, String... getArgs) {
    long start = System.nanoTime();
    JsonNode last = null;
    while (System.nanoTime() - start < timeout.toNanos()) {
      Result r = run(concat("get", getArgs, "-o", "json"));
      if (r.ok()) {
        last = r.json();
        if (ok.test(last)) {
          System.out.printf("converged in %d ms: %s%n", (System.nanoTime() - start) / 1_000_000, what);
          return last;
        }
      }
      sleep(300);
    }
    throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + "\nlast: " + last);
  }

  static String[] concat(String first, String[] middle, String... last) {
    List<String> a = new ArrayList<>(List.of(first));
    a.addAll(List.of(middle));
    a.addAll(List.of(last));
    return a.toArray(String[]::new);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static void deleteTree(Path dir) {
    Exec.run(List.of("rm", "-rf", dir.toString()), null);
  }

  static String resource(String name) {
    try (var in = Podnet.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls {@code done} every 200 ms until it holds; how long that took (printed), or fails after {@code timeout}. */
  static long converge(String what, Duration timeout, BooleanSupplier done) {
    long t0 = System.nanoTime();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - t0 > timeout.toNanos()) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      }
      sleep(200);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("converged in %d ms: %s%n", ms, what);
    return ms;
  }
}

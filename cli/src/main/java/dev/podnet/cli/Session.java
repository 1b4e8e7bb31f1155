package dev.podnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What every command of one invocation shares: where it prints, the clock, the environment, which
 * cluster {@code --name} chose, the API of that cluster (connected on first use) and how programs are run.
 */
final class Session {
  final PrintStream out;
  final PrintStream err;
  final Clock clock;
  final Map<String, String> env;
  final Launcher launcher;
  private final Function<Cluster, Api> connector;
  private String clusterName = Cluster.DEFAULT_NAME;
  private Api api;

  /** Runs a program with this process's stdin, stdout and stderr, returning its exit code. */
  interface Launcher {
    int run(List<String> command) throws IOException, InterruptedException;
  }

  Session(PrintStream out, PrintStream err, Clock clock, Map<String, String> env, Function<Cluster, Api> connector, Launcher launcher) {
    this.out = out;
    this.err = err;
    this.clock = clock;
    this.env = env;
    this.connector = connector;
    this.launcher = launcher;
  }

  static Session system() {
    return new Session(System.out, System.err, Clock.systemDefaultZone(), System.getenv(), HttpApi::new,
        command -> new ProcessBuilder(command).inheritIO().start().waitFor());
  }

  void clusterName(String name) {
    this.clusterName = name;
    this.api = null;
  }

  Cluster cluster() {
    return Cluster.named(clusterName, env);
  }

  Api api() {
    if (api == null) {
      api = connector.apply(cluster());
    }
    return api;
  }
}

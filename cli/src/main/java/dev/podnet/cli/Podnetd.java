package dev.podnet.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * podnetd as a process on this host: its pid file, whether that pid is still podnetd, starting it
 * detached (its own session, so it outlives the CLI) and running its {@code --down} cleanup.
 */
final class Podnetd {
  static final String MAIN_CLASS = "dev.podnet.daemon.PodnetdMain";

  private final Cluster cluster;

  /**
   * What {@code up} asks for. {@code etcd} empty: podnetd starts its own; {@code apiPort} 0: podnetd keeps or picks one;
   * {@code ingress}: install the Ingress add-on; {@code edge}: the edge router and routed client.
   */
  record Options(int nodes, String routing, String etcd, int apiPort, boolean ingress, String datapath, boolean edge) {}

  Podnetd(Cluster cluster) {
    this.cluster = cluster;
  }

  /** The pid in the pid file, if there is one. */
  OptionalLong pid() {
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(cluster.pidFile()).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The pid is alive and is a podnetd (not a process that got the number after podnetd died). */
  static boolean isPodnetd(long pid) {
    try {
      String cmdline = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8);
      return cmdline.contains(MAIN_CLASS);
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts podnetd in its own session with stdin from /dev/null and its output appended to the log. */
  Process start(Options o) throws IOException {
    Files.createDirectories(cluster.stateDir());
    List<String> argv = new ArrayList<>(List.of("setsid", java()));
    argv.addAll(jvmFlags());
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS, "--name", cluster.name(),
        "--nodes", String.valueOf(o.nodes()), "--routing", o.routing()));
    if (!o.etcd().isEmpty()) {
      argv.addAll(List.of("--etcd", o.etcd()));
    }
    if (o.apiPort() != 0) {
      argv.addAll(List.of("--api-port", String.valueOf(o.apiPort())));
    }
    if (!o.ingress()) {
      argv.add("--no-ingress");
    }
    if (!o.edge()) {
      argv.add("--no-edge");
    }
    if (!o.datapath().equals("nftables")) {
      argv.addAll(List.of("--datapath", o.datapath()));
    }
    argv.addAll(List.of("--state-dir", cluster.stateDir().toString()));
    return new ProcessBuilder(argv).redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.appendTo(cluster.log().toFile()))
        .redirectErrorStream(true).start();
  }

  /** {@code PodnetdMain --down}: removes what a dead podnetd left; its output goes to ours. */
  int down(Session.Launcher launcher) throws IOException, InterruptedException {
    return launcher.run(List.of(java(), "-cp", System.getProperty("java.class.path"), MAIN_CLASS, "--down", "--name", cluster.name(),
        "--state-dir", cluster.stateDir().toString()));
  }

  /** The last {@code n} lines of podnetd's log, to show why it failed. */
  List<String> lastLogLines(int n) {
    try {
      List<String> lines = Files.readAllLines(cluster.log(), StandardCharsets.UTF_8);
      return lines.subList(Math.max(0, lines.size() - n), lines.size());
    } catch (IOException e) {
      return List.of("(no log at " + cluster.log() + ": " + e.getMessage() + ")");
    }
  }

  /** Removes the state dir if it is still there; true if it was. */
  boolean removeStateDir() throws IOException {
    if (!Files.exists(cluster.stateDir())) {
      return false;
    }
    try (Stream<Path> all = Files.walk(cluster.stateDir())) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
    return true;
  }

  /**
   * Without a cap the JVM sizes podnetd's heap at a quarter of the machine and keeps what it once
   * used (1.5 GB after the 1000-pod bench). 2 GB holds the 10k-Service benches; periodic G1
   * collections hand idle memory back. $PODNET_JAVA_OPTS comes last, so it overrides.
   */
  static List<String> jvmFlags() {
    List<String> flags = new ArrayList<>(List.of("-Xmx2g", "-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=30000", "-XX:MaxHeapFreeRatio=30",
        "-XX:MinHeapFreeRatio=10"));
    String extra = System.getenv().getOrDefault("PODNET_JAVA_OPTS", "").strip();
    if (!extra.isEmpty()) {
      flags.addAll(List.of(extra.split("\\s+")));
    }
    return flags;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}

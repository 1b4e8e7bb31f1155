package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.IpKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Stop a cluster and remove everything it made; also cleans up after a podnetd that died. Safe to repeat.")
final class DownCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration PROGRESS = Duration.ofSeconds(5);

  private final Session session;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "120s", converter = DurationConverter.class,
      description = "How long to wait for podnetd to exit (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  DownCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    Cluster cluster = session.cluster();
    Podnetd podnetd = new Podnetd(cluster);
    Optional<JsonNode> running = UpCommand.info(session.api());
    if (running.isPresent()) {
      long pid = running.get().path("pid").asLong(podnetd.pid().orElse(-1));
      session.out.println("stopping cluster '" + cluster.name() + "' (podnetd pid " + pid + ")");
      session.api().delete(UpCommand.CLUSTER_PATH);
      awaitExit(pid, "podnetd (pid " + pid + ") is tearing down");
      session.out.println("podnetd (pid " + pid + ") removed the cluster's nodes, pods and network, and exited");
    } else if (!Files.exists(cluster.stateDir())) {
      if (ClusterLeftovers.find(cluster).isEmpty()) {
        session.out.println("no cluster '" + cluster.name() + "' is up; nothing to remove");
        removeKubeconfigEntry(cluster);
        return 0;
      }
      session.out.println("cluster '" + cluster.name() + "' has no state at " + cluster.stateDir() + ", but left things named after it");
    } else {
      cleanUpAfterDeath(cluster, podnetd);
    }
    if (podnetd.removeStateDir()) {
      session.out.println("removed " + cluster.stateDir());
    }
    sweep(cluster);
    removeKubeconfigEntry(cluster);
    session.out.println("cluster '" + cluster.name() + "' is down");
    return 0;
  }

  /**
   * Last, by name alone: what no teardown reached (its state directory gone, or a step that
   * failed) - namespaces {@code pn-NAME-*}, the cgroup and pins {@code podnet-NAME}.
   */
  private void sweep(Cluster cluster) {
    ClusterLeftovers left = ClusterLeftovers.find(cluster);
    if (left.isEmpty()) {
      return;
    }
    Optional<String> live = ClusterLeftovers.livePodnetd(cluster.name());
    if (live.isPresent()) {
      throw new CliException(List.of("found " + left.describe() + " named after cluster '" + cluster.name() + "', but a podnetd of that name runs: "
          + live.get() + "; nothing removed", "they are that cluster's: run down with the PODNET_STATE_DIR it was started with (this one: "
          + cluster.stateDir() + ")"));
    }
    session.out.println("removing what cluster '" + cluster.name() + "' left, found by name: " + left.describe());
    left.remove(new IpKernel());
    ClusterLeftovers still = ClusterLeftovers.find(cluster);
    if (!still.isEmpty()) {
      throw new CliException(List.of("cluster '" + cluster.name() + "' still has " + still.describe() + " after removing it",
          "something recreates it (is a podnet agent of this cluster still running?); stop that and run podnet down again"));
    }
  }

  /** The cluster, user and context {@code up} merged; every other entry stays. */
  private void removeKubeconfigEntry(Cluster cluster) {
    java.nio.file.Path file = Kubeconfig.location(session.env);
    if (!Files.exists(file)) {
      return;
    }
    Kubeconfig k = Kubeconfig.read(file);
    if (k.remove(KubeconfigEntry.nameOf(cluster))) {
      k.write(file);
      session.out.println("removed kubectl context \"" + KubeconfigEntry.nameOf(cluster) + "\" from " + file);
    }
  }

  /** No podnetd answers: stop one that hangs, then let PodnetdMain --down remove what is left. */
  private void cleanUpAfterDeath(Cluster cluster, Podnetd podnetd) throws IOException, InterruptedException {
    OptionalLong pid = podnetd.pid();
    if (pid.isPresent() && Podnetd.isPodnetd(pid.getAsLong())) {
      session.out.println("podnetd (pid " + pid.getAsLong() + ") does not answer at " + cluster.socket() + "; stopping it (SIGTERM)");
      ProcessHandle.of(pid.getAsLong()).ifPresent(ProcessHandle::destroy);
      awaitExit(pid.getAsLong(), "podnetd (pid " + pid.getAsLong() + ") is stopping");
    }
    session.out.println("removing what cluster '" + cluster.name() + "' left (podnetd is not running)");
    int code = podnetd.down(session.launcher);
    if (code != 0) {
      throw new CliException(Podnetd.MAIN_CLASS + " --down exited with code " + code + "; the state in " + cluster.stateDir()
          + " is kept: see its output above and " + cluster.log());
    }
  }

  private void awaitExit(long pid, String what) throws InterruptedException {
    Instant start = session.clock.instant();
    Instant nextReport = start.plus(PROGRESS);
    while (Podnetd.isPodnetd(pid)) {
      Instant now = session.clock.instant();
      if (now.isAfter(start.plus(timeout))) {
        throw new CliException(what + " and has not exited after " + timeout.toSeconds() + "s; kill it (kill " + pid + ") and run podnet down again");
      }
      if (now.isAfter(nextReport)) {
        session.out.println(what + ": " + Duration.between(start, now).toSeconds() + "s");
        nextReport = now.plus(PROGRESS);
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}

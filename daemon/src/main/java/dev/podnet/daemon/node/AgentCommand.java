package dev.podnet.daemon.node;

import dev.podnet.agent.install.CniInstallOptions;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code podnet agent}: one node's process. On a real host (or as a DaemonSet pod) it is the node
 * agent; in the lab podnetd starts one per node inside the node's namespaces with {@code --lab-*},
 * where it is also the node's kubelet. Runs until SIGTERM; SIGKILL is as safe (all state is in the
 * API and the kernel).
 */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Run one node's agent (routing, service proxy, CNI server) fed from the API.")
public final class AgentCommand implements Callable<Integer> {
  @Option(names = "--node", required = true, paramLabel = "NAME", description = "the Node this agent programs (a DaemonSet passes spec.nodeName)")
  String node;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "API server and credentials (default: $KUBECONFIG, ~/.kube/config, then in-cluster)")
  Path kubeconfig;

  @Option(names = "--routing", paramLabel = "BACKEND", description = "vxlan or host-gw (default: $PODNET_BACKEND, else key 'backend' of ConfigMap kube-system/podnet-config, else vxlan)")
  String routing;

  @Option(names = "--lab-prefix", paramLabel = "PREFIX", description = "lab only: the cluster's namespace prefix (pn-NAME-)")
  String labPrefix;

  @Option(names = "--lab-state-dir", paramLabel = "DIR", description = "lab only: the cluster's state directory")
  Path labStateDir;

  @Option(names = "--node-ip", paramLabel = "IP", description = "lab only: the node's address on the node LAN")
  String nodeIp;

  @Option(names = "--lease-duration", paramLabel = "DURATION", defaultValue = "PT10S", description = "lab only: the node lease's duration, ISO-8601 (default: ${DEFAULT-VALUE})")
  Duration leaseDuration;

  @CommandLine.Mixin
  CniInstallOptions cni = new CniInstallOptions();

  public static void main(String[] args) {
    System.exit(new CommandLine(new AgentCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (cni.uninstallRequested()) {
      cni.installer().uninstall();
      return 0;
    }
    Optional<NodeProcess.LabNodeOptions> lab = Optional.empty();
    if (labPrefix != null || labStateDir != null || nodeIp != null) {
      if (labPrefix == null || labStateDir == null || nodeIp == null) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--lab-prefix, --lab-state-dir and --node-ip go together (a lab node)");
      }
      lab = Optional.of(new NodeProcess.LabNodeOptions(labPrefix, labStateDir, InetAddress.getByName(nodeIp), leaseDuration));
    }
    NodeProcess.runUntilStopped(new NodeProcess.Options(node, Optional.ofNullable(kubeconfig), Optional.ofNullable(routing), lab, cni), () -> { });
    return 0;
  }
}

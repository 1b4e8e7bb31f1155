package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Resources;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs a command inside a pod's (or a node's) namespaces with nsenter, as root on this host: stdin,
 * stdout, stderr and the exit code pass through untouched, with no stream copying in between.
 */
@Command(name = "exec", mixinStandardHelpOptions = true, description = "Run a command in a container of a pod, or in a node's namespaces.",
    footer = {"", "Examples:", "  podnet exec web -- ip addr", "  podnet exec -it web -c sidecar -- sh", "  podnet exec --node node-1 -- ip route",
        "  podnet exec --outside -- curl -s 172.18.255.200", "  podnet exec --outside-routed -- curl -s 10.250.0.0",
        "  podnet exec --edge -- birdc show route"})
final class ExecCommand implements Callable<Integer> {
  private final Session session;

  @Parameters(arity = "1..*", paramLabel = "[POD] -- COMMAND [ARG...]", description = "The pod (unless --node, --outside, --outside-routed or --edge), then the command after --.")
  List<String> args = new ArrayList<>();

  @Option(names = {"-c", "--container"}, paramLabel = "CONTAINER", description = "The container (default: the pod's first).")
  String container;

  @Option(names = "--node", paramLabel = "NODE", description = "Run in this node's network and UTS namespaces instead of a pod's.")
  String node;

  @Option(names = "--outside", description = "Run in the outside client's namespace: a machine on the node LAN, not in the cluster.")
  boolean outside;

  @Option(names = "--outside-routed", description = "Run in the routed client's namespace: a machine behind the edge router, off the node LAN.")
  boolean outsideRouted;

  @Option(names = "--edge", description = "Run in the edge router's namespace (BIRD); a bare birdc talks to its BIRD.")
  boolean edge;

  @Option(names = {"-i", "--stdin"}, description = "Accepted for kubectl's habits: stdin always passes through.")
  boolean stdin;

  @Option(names = {"-t", "--tty"}, description = "Accepted for kubectl's habits: the terminal always passes through.")
  boolean tty;

  @Mixin
  NamespaceOption namespace;

  ExecCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    boolean onHost = node != null || outside || outsideRouted || edge;
    List<String> command = onHost ? args : args.subList(1, args.size());
    if (command.isEmpty()) {
      throw new CliException("you must specify at least one command for the container, after --");
    }
    List<String> argv = outside ? outsideCommand(command)
        : outsideRouted || edge ? edgeCommand(command)
        : node != null ? nodeCommand(command) : podCommand(args.get(0), command);
    return session.launcher.run(argv);
  }

  private List<String> nodeCommand(List<String> command) {
    JsonNode ns = session.api().get("/apis/podnet.dev/v1/nodes/" + node + "/namespaces");
    return nsenter(List.of("--net=" + ns.path("netns").asText(), "--uts=" + ns.path("uts").asText()), command);
  }

  private List<String> outsideCommand(List<String> command) {
    JsonNode outsideNs = session.api().get("/apis/podnet.dev/v1/cluster").path("outside").path("netns");
    if (outsideNs.isMissingNode()) {
      throw new CliException("this cluster has no outside client (its podnetd predates it): run podnet down and podnet up");
    }
    return nsenter(List.of("--net=" + outsideNs.asText()), command);
  }

  /** In the edge router's namespace or its routed client's; {@code birdc} without {@code -s} gets the router's socket. */
  private List<String> edgeCommand(List<String> command) {
    JsonNode cluster = session.api().get("/apis/podnet.dev/v1/cluster");
    JsonNode where = cluster.path(edge ? "edge" : "outsideRouted");
    if (where.isMissingNode()) {
      throw new CliException("this cluster has no edge router (it was started with --no-edge, or its podnetd predates it): run podnet down and podnet up");
    }
    List<String> cmd = command;
    if (edge && command.get(0).equals("birdc") && !command.contains("-s")) {
      cmd = new ArrayList<>(List.of("birdc", "-s", where.path("birdSocket").asText()));
      cmd.addAll(command.subList(1, command.size()));
    }
    return nsenter(List.of("--net=" + where.path("netns").asText()), cmd);
  }

  private List<String> podCommand(String pod, List<String> command) {
    String name = pod.startsWith("pod/") ? pod.substring(4) : pod;
    JsonNode sandbox = session.api().get("/apis/podnet.dev/v1/namespaces/" + namespace.namespace + "/pods/" + name + "/sandbox");
    String chosen = container != null ? container : firstContainer(name);
    long pid = pid(sandbox, name, chosen);
    List<String> argv = new ArrayList<>(dev.podnet.kernel.ProcessExec.joiningCgroupOf(pid)); // into the container's cgroup too
    argv.addAll(nsenter(List.of("-t", String.valueOf(pid), "-n", "-u", "-m"), withEnvironmentOf(pid, command)));
    return argv;
  }

  /**
   * The command with the container's own environment (PATH, HOSTNAME, its env vars), as
   * {@code kubectl exec} gives it, read from the container process; as it is when unreadable.
   */
  static List<String> withEnvironmentOf(long pid, List<String> command) {
    try {
      byte[] raw = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(pid), "environ"));
      List<String> argv = new ArrayList<>(List.of("env", "-i"));
      for (String kv : new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
        if (kv.contains("=")) {
          argv.add(kv);
        }
      }
      argv.addAll(command);
      return argv;
    } catch (IOException e) {
      return command;
    }
  }

  private String firstContainer(String pod) {
    JsonNode containers = session.api().get(Resources.PODS.path(namespace.namespace, pod)).path("spec").path("containers");
    if (containers.isEmpty()) {
      throw new CliException("pod \"" + pod + "\" has no containers");
    }
    return containers.get(0).path("name").asText();
  }

  /** The container's process, or why there is none to enter. */
  static long pid(JsonNode sandbox, String pod, String container) {
    JsonNode c = sandbox.path("containers").path(container);
    if (c.isMissingNode()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = sandbox.path("containers").fieldNames(); it.hasNext();) {
        names.add(it.next());
      }
      throw new CliException("container \"" + container + "\" not found in pod \"" + pod + "\"; its containers: " + String.join(", ", names));
    }
    if (!c.path("running").asBoolean() || c.path("pid").asLong() <= 0) {
      throw new CliException("container \"" + container + "\" in pod \"" + pod + "\" is not running (see: podnet describe pod " + pod + ")");
    }
    return c.path("pid").asLong();
  }

  static List<String> nsenter(List<String> options, List<String> command) {
    List<String> argv = new ArrayList<>(List.of("nsenter"));
    argv.addAll(options);
    argv.add("--");
    argv.addAll(command);
    return argv;
  }
}

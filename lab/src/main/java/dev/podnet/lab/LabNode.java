package dev.podnet.lab;

import dev.podnet.agent.NodeAgent;
import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.NamespaceSet;
import dev.podnet.kernel.Netns;
import java.nio.file.Path;
import java.util.List;

/** One emulated node: its namespaces, its place on the LAN and its agent (routing + CNI). */
public final class LabNode {
  private final NodeInfo info;
  private final NamespaceSet namespaces;
  private final NodeAgent agent;
  private final NodeSandboxes sandboxes;

  /** A node whose namespaces exist and whose agent runs in this process (podnet agent, or a test's lab). */
  public LabNode(NodeInfo info, NamespaceSet namespaces, NodeAgent agent, Kernel kernel, LabNames names) {
    this.info = info;
    this.namespaces = namespaces;
    this.agent = agent;
    this.sandboxes = new NodeSandboxes(kernel, names, this);
  }

  public NodeSandboxes sandboxes() {
    return sandboxes;
  }

  public String name() {
    return info.name();
  }

  public NodeInfo info() {
    return info;
  }

  public Netns netns() {
    return namespaces.net();
  }

  public Path uts() {
    return namespaces.uts().orElseThrow();
  }

  public NamespaceSet namespaces() {
    return namespaces;
  }

  public NodeAgent agent() {
    return agent;
  }

  /** Runs a command in the node's namespaces (what {@code podnet exec --node} does). */
  public Exec.Result run(String... argv) {
    return Exec.run(namespaces.command(List.of(argv)), null);
  }

  @Override
  public String toString() {
    return info.name() + " " + info.lanAddress().getHostAddress() + " pods " + info.podCidr();
  }
}

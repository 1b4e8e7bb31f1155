package dev.podnet.daemon;

import dev.podnet.agent.NodeObjects;
import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.api.Resources;
import dev.podnet.kernel.NamespaceSet;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Uts;
import dev.podnet.lab.Lab;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.Node;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The lab's nodes as machines: each gets its namespaces and cable to the LAN from {@link Lab},
 * then its own process (agent and kubelet, {@link NodeProcesses}), which registers the Node,
 * programs the node and reports Ready through the API like any other node would. The control
 * plane's routes to the pods follow the Nodes as the API has them.
 */
final class LabNodes implements AutoCloseable {
  private final Lab lab;
  private final NodeProcesses processes;
  private final Informer<Node> nodes;

  LabNodes(Store store, Lab lab, NodeProcesses processes) {
    this.lab = lab;
    this.processes = processes;
    this.nodes = new Informer<>(store, Resources.NODES, "");
    nodes.addHandler(n -> syncControlPlane(), (o, n) -> syncControlPlane(), n -> syncControlPlane());
  }

  /** Machines and processes for nodes 1..count (or the ones a restarted podnetd finds). Returns at once: nodes report Ready when they are. */
  void ensure(int count) {
    nodes.start();
    for (int i = 1; i <= count; i++) {
      String name = "node-" + i;
      InetAddress ip = lab.lanAddress(i);
      NamespaceSet machine = lab.machine(name, ip);
      processes.ensure(new NodeProcesses.Spec(name, ip, machine));
    }
  }

  /** A node's namespaces, if it is one of the lab's. */
  Optional<NamespaceSet> machine(String node) {
    String ns = lab.names().node(node);
    return nodes.get("", node).isPresent() ? Optional.of(NamespaceSet.of(Netns.named(ns), Uts.path(ns))) : Optional.empty();
  }

  private void syncControlPlane() {
    List<NodeInfo> infos = nodes.list().stream().map(NodeObjects::info).flatMap(Optional::stream).toList();
    lab.syncControlPlane(infos);
  }

  @Override
  public void close() {
    nodes.close();
  }
}

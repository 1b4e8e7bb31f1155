package dev.podnet.agent;

import dev.podnet.agent.cni.CniServer;
import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.agent.routing.RoutingAgent;
import dev.podnet.agent.routing.RoutingBackend;
import dev.podnet.agent.routing.RoutingReconciler;
import dev.podnet.agent.routing.Underlay;
import dev.podnet.cni.CniHandler;
import dev.podnet.cni.NodeNetwork;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.Netns;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything one node runs for the pod network: the routing backend that reaches other nodes'
 * pods and the CNI handler that wires this node's pods to its bridge, served to the
 * {@code podnet-cni} executable on {@link #cniSocket()} (what a runtime on the node execs). In the
 * lab, one per node in the lab's JVM, bound to the node's namespace; on a real host, one per machine.
 */
public final class NodeAgent implements AutoCloseable {
  /** The socket file below the agent's state directory. */
  public static final String CNI_SOCKET = "cni.sock";

  private final NodeInfo self;
  private final RoutingAgent routing;
  private final CniHandler cni;
  private final CniServer cniServer;

  public NodeAgent(Kernel kernel, Netns netns, NodeInfo self, RoutingBackend backend, Underlay underlay, Path stateDir, Duration resync) {
    this.self = self;
    this.routing = new RoutingAgent(self, new RoutingReconciler(kernel, netns, backend, underlay), resync);
    this.cni = new CniHandler(kernel, netns, new NodeNetwork(AgentNames.BRIDGE, self.podCidr(), backend.podMtu(underlay)),
        stateDir.resolve("ipam"));
    this.cniServer = new CniServer(stateDir.resolve(CNI_SOCKET), cni).start();
  }

  public NodeInfo self() {
    return self;
  }

  public RoutingAgent routing() {
    return routing;
  }

  public CniHandler cni() {
    return cni;
  }

  /** Where {@code podnet-cni} reaches this agent: the network config's {@code "socket"}. */
  public Path cniSocket() {
    return cniServer.socket();
  }

  @Override
  public void close() {
    cniServer.close();
    routing.close();
  }
}

package dev.podnet.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.agent.routing.RoutingAgent;
import dev.podnet.agent.routing.RoutingBackend;
import dev.podnet.agent.routing.RoutingReconciler;
import dev.podnet.agent.routing.Underlay;
import dev.podnet.cni.CniCommand;
import dev.podnet.cni.CniHandler;
import dev.podnet.cni.CniRequest;
import dev.podnet.cni.CniResponse;
import dev.podnet.cni.NodeNetwork;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.Netns;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything one node runs for the pod network: the routing backend that reaches other nodes'
 * pods and the CNI handler that wires this node's pods to its bridge. In the lab, one per node in
 * the lab's JVM, bound to the node's namespace; on a real host, one per machine.
 */
public final class NodeAgent implements AutoCloseable {
  /** The network config the lab hands its in-process CNI calls, as a runtime would from /etc/cni/net.d. */
  public static final String LAB_NETWORK = "{\"cniVersion\":\"1.1.0\",\"name\":\"podnet\",\"type\":\"podnet-cni\"}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeInfo self;
  private final RoutingAgent routing;
  private final CniHandler cni;

  public NodeAgent(Kernel kernel, Netns netns, NodeInfo self, RoutingBackend backend, Underlay underlay, Path stateDir, Duration resync) {
    this.self = self;
    this.routing = new RoutingAgent(self, new RoutingReconciler(kernel, netns, backend, underlay), resync);
    this.cni = new CniHandler(kernel, netns, new NodeNetwork(AgentNames.BRIDGE, self.podCidr(), backend.podMtu(underlay)),
        stateDir.resolve("ipam"));
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

  /** CNI ADD in process; returns the pod IP or throws with the plugin's message. */
  public InetAddress addPod(String containerId, Netns podNetns, String ifname) {
    CniResponse r = cni.handle(new CniRequest(CniCommand.ADD, containerId, podNetns.path().toString(), ifname, "", "", LAB_NETWORK));
    JsonNode out = parse(r);
    if (!r.ok()) {
      throw new IllegalStateException("CNI ADD " + containerId + " on " + self.name() + " failed: " + out.path("msg").asText()
          + (out.hasNonNull("details") ? " (" + out.path("details").asText() + ")" : ""));
    }
    return Cidr.parse(out.path("ips").path(0).path("address").asText()).address();
  }

  /** CNI DEL in process; best effort and idempotent like the plugin's. */
  public void deletePod(String containerId, Optional<Netns> podNetns, String ifname) {
    CniResponse r = cni.handle(new CniRequest(CniCommand.DEL, containerId, podNetns.map(n -> n.path().toString()).orElse(""), ifname,
        "", "", LAB_NETWORK));
    if (!r.ok()) {
      throw new IllegalStateException("CNI DEL " + containerId + " on " + self.name() + " failed: " + parse(r).path("msg").asText());
    }
  }

  private static JsonNode parse(CniResponse r) {
    try {
      return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
    } catch (IOException e) {
      throw new IllegalStateException("unreadable CNI reply: " + r.stdout(), e);
    }
  }

  @Override
  public void close() {
    routing.close();
  }
}

package dev.podnet.agent.routing;

/**
 * How one node reaches the others' pods, fed with the Nodes the API has: a {@link RoutingAgent}
 * computing routes from them (vxlan, host-gw), or a BGP speaker that only uses them to find its
 * peers and installs what they announce.
 */
public interface NodeRouting extends AutoCloseable {
  void onNodeAdded(NodeInfo n);

  void onNodeUpdated(NodeInfo n);

  void onNodeDeleted(String name);

  /** Stops; the routes stay in the kernel (a restarted agent finds them right). */
  @Override
  void close();
}

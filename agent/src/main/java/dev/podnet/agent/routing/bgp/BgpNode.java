package dev.podnet.agent.routing.bgp;

import dev.podnet.agent.routing.NodeInfo;
import java.net.Inet4Address;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A node as the session planner sees it: where it is ({@link NodeInfo}), its labels (for
 * BGPPeer selectors), and Calico's per-node settings from its annotations: the route-reflector
 * cluster id (a node with one is a reflector) and its own AS.
 */
record BgpNode(NodeInfo info, Map<String, String> labels, Optional<Inet4Address> clusterId, OptionalLong asn) {
  /** Calico's Kubernetes-datastore annotation for {@code spec.bgp.routeReflectorClusterID}. */
  static final String CLUSTER_ID_ANNOTATION = "projectcalico.org/RouteReflectorClusterID";
  /** Calico's annotation for a node's own {@code spec.bgp.asNumber}. */
  static final String AS_ANNOTATION = "projectcalico.org/ASNumber";

  BgpNode {
    labels = Map.copyOf(labels);
  }

  /** A node known only by its routing info (no API behind it): in the mesh, not a reflector. */
  static BgpNode plain(NodeInfo info) {
    return new BgpNode(info, Map.of(), Optional.empty(), OptionalLong.empty());
  }

  String name() {
    return info.name();
  }
}

package dev.podnet.ui;

import java.util.List;

/**
 * What the cluster's network is made of, as the API says: the nodes on the LAN (their InternalIP and
 * pod CIDR), the pods on each node's bridge, the Services with their ports and endpoints, the
 * LoadBalancer IPs with the node that announces each, and the outside client on the LAN. The one
 * model behind {@code podnet get topology -o json|dot|svg} and the live map; an absent value is "".
 */
public record Topology(String cluster, List<Node> nodes, List<Pod> pods, List<Service> services, Outside outside) {

  public Topology {
    nodes = List.copyOf(nodes);
    pods = List.copyOf(pods);
    services = List.copyOf(services);
  }

  public record Node(String name, String internalIP, String podCIDR, boolean ready) {}

  /** A pod; {@code node} is "" until it is scheduled, {@code ip} until its sandbox has one. hostNetwork pods carry the node's IP. */
  public record Pod(String namespace, String name, String node, String ip, boolean ready, boolean hostNetwork) {
    public String id() {
      return namespace + "/" + name;
    }
  }

  /** {@code announcer}: the node answering ARP for the LoadBalancer IPs ("" while none announces). */
  public record Service(String namespace, String name, String type, String clusterIP, List<Port> ports, List<Endpoint> endpoints,
      List<String> loadBalancerIPs, String announcer) {
    public Service {
      ports = List.copyOf(ports);
      endpoints = List.copyOf(endpoints);
      loadBalancerIPs = List.copyOf(loadBalancerIPs);
    }
  }

  /** {@code nodePort} 0: none. */
  public record Port(String name, int port, String protocol, String targetPort, int nodePort) {}

  /** One address of an EndpointSlice: {@code pod} is "NAMESPACE/NAME" of its targetRef ("" when not a pod). */
  public record Endpoint(String ip, String pod, String node, boolean ready) {}

  /** The lab's client on the node LAN that is not part of the cluster; {@code address} "" when unknown. */
  public record Outside(String address) {}
}

package dev.podnet.agent.proxy;

import static dev.podnet.agent.proxy.ProxyNames.CLUSTER_IPS;
import static dev.podnet.agent.proxy.ProxyNames.FIREWALL_IPS;
import static dev.podnet.agent.proxy.ProxyNames.LOAD_BALANCER_IPS;
import static dev.podnet.agent.proxy.ProxyNames.NO_ENDPOINT_NODEPORTS;
import static dev.podnet.agent.proxy.ProxyNames.NO_ENDPOINT_SERVICES;
import static dev.podnet.agent.proxy.ProxyNames.REJECT_CHAIN;
import static dev.podnet.agent.proxy.ProxyNames.SERVICE_IPS;
import static dev.podnet.agent.proxy.ProxyNames.SERVICE_NODEPORTS;

import dev.podnet.agent.proxy.Nftables.Chain;
import dev.podnet.agent.proxy.Nftables.Container;
import dev.podnet.agent.proxy.Nftables.Element;
import dev.podnet.agent.proxy.RenderedService.HealthCheck;
import dev.podnet.agent.proxy.RenderedService.UdpDestination;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Service + its EndpointSlices + node facts → what that Service owns in the table. Pure: the
 * same inputs give the same value, which is how a sync knows it has nothing to write.
 */
final class ServiceRenderer {
  private ServiceRenderer() {}

  /** Empty for a Service the proxy ignores (headless, ExternalName, another proxy's). */
  static Optional<RenderedService> render(Service svc, List<EndpointSlice> slices, ProxyConfig config) {
    List<ServicePortInfo> ports = ServiceModel.ports(svc, slices, config.family(), config.nodeName());
    if (ports.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(render(svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName(), ports, config));
  }

  static RenderedService render(String key, List<ServicePortInfo> ports, ProxyConfig config) {
    List<Chain> chains = new ArrayList<>();
    List<Container> sets = new ArrayList<>();
    Set<Element> elements = new LinkedHashSet<>();
    List<UdpDestination> udp = new ArrayList<>();
    Set<InetAddress> localReady = new LinkedHashSet<>();
    ServicePortInfo first = ports.get(0);
    elements.add(new Element(CLUSTER_IPS, first.clusterIp().getHostAddress(), "", key));
    first.firewall().loadBalancerIps().forEach(ip -> elements.add(new Element(LOAD_BALANCER_IPS, ip.getHostAddress(), "", LOAD_BALANCER_IPS)));
    for (ServicePortInfo p : ports) {
      PortRenderer r = new PortRenderer(p, config);
      chains.addAll(r.chains());
      sets.addAll(r.affinitySets());
      elements.addAll(elements(p, r));
      elements.addAll(r.hairpins());
      if (p.proto().equals("udp")) {
        Set<InetAddress> eps = r.usedEndpoints().stream().map(EndpointInfo::ip).collect(Collectors.toUnmodifiableSet());
        udp.add(new UdpDestination(p.clusterIp(), p.port(), eps));
        p.externalIps().forEach(ip -> udp.add(new UdpDestination(ip, p.port(), eps)));
      }
      p.endpoints().stream().filter(e -> e.local() && e.ready()).forEach(e -> localReady.add(e.ip()));
    }
    Optional<HealthCheck> health = first.policy().healthCheckNodePort() > 0
        ? Optional.of(new HealthCheck(first.namespace(), first.name(), first.policy().healthCheckNodePort(), localReady.size()))
        : Optional.empty();
    return new RenderedService(key, new RenderedService.Rules(chains, sets, List.copyOf(elements)), udp, health);
  }

  /**
   * Dispatch elements of one port. No endpoints anywhere → reject (connection refused, not a
   * timeout); endpoints exist but none this traffic may use (iTP/eTP Local, none on this node)
   * → drop, as kube-proxy does: the client's retry may land on a node that has some.
   */
  private static List<Element> elements(ServicePortInfo p, PortRenderer r) {
    List<Element> out = new ArrayList<>();
    String none = r.selection().hasAny() ? "drop" : "goto " + REJECT_CHAIN;
    String proto = " . " + p.proto() + " . " + p.port();
    String cip = p.clusterIp().getHostAddress() + proto;
    Optional<String> internal = r.internalTarget();
    out.add(internal.isPresent()
        ? new Element(SERVICE_IPS, cip, "goto " + internal.get(), p.comment())
        : new Element(NO_ENDPOINT_SERVICES, cip, none, p.comment()));
    boolean ext = r.externalDispatched();
    for (InetAddress ip : p.externalIps()) {
      out.add(ext
          ? new Element(SERVICE_IPS, ip.getHostAddress() + proto, "goto " + r.externalIpTarget(), p.comment())
          : new Element(NO_ENDPOINT_SERVICES, ip.getHostAddress() + proto, none, p.comment()));
    }
    if (p.nodePort() > 0) {
      String key = p.proto() + " . " + p.nodePort();
      out.add(ext
          ? new Element(SERVICE_NODEPORTS, key, "goto " + r.nodePortTarget(), p.comment())
          : new Element(NO_ENDPOINT_NODEPORTS, key, none, p.comment()));
    }
    if (p.firewall().isActive()) {
      for (InetAddress ip : p.firewall().loadBalancerIps()) {
        out.add(new Element(FIREWALL_IPS, ip.getHostAddress() + proto, "goto " + r.firewallChain(), p.comment()));
      }
    }
    out.addAll(r.endpointElements());
    return out;
  }
}

package dev.podnet.agent.proxy;

import dev.podnet.kernel.Ip;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads the API objects into {@link ServicePortInfo}s for one family and one node. Pure. */
public final class ServiceModel {
  private static final int DEFAULT_AFFINITY_SECONDS = 10800;

  private ServiceModel() {}

  /** Empty when the proxy must leave the Service alone (headless, ExternalName, other proxy, other family). */
  public static List<ServicePortInfo> ports(Service svc, List<EndpointSlice> slices, IpFamily family, String nodeName) {
    Optional<InetAddress> clusterIp = clusterIp(svc, family);
    if (clusterIp.isEmpty() || isOtherProxys(svc)) {
      return List.of();
    }
    ServiceSpec spec = svc.getSpec();
    ServicePortInfo.Policy policy = policy(spec);
    List<InetAddress> external = externalIps(svc, family);
    List<ServicePortInfo> out = new ArrayList<>();
    for (ServicePort p : Optional.ofNullable(spec.getPorts()).orElse(List.of())) {
      String name = Objects.requireNonNullElse(p.getName(), "");
      String proto = Objects.requireNonNullElse(p.getProtocol(), "TCP");
      int nodePort = Objects.requireNonNullElse(p.getNodePort(), 0);
      out.add(new ServicePortInfo(svc.getMetadata().getNamespace(), svc.getMetadata().getName(), name, proto,
          p.getPort(), clusterIp.get(), nodePort, external, policy, endpoints(slices, name, proto, family, nodeName)));
    }
    return out;
  }

  private static boolean isOtherProxys(Service svc) {
    Map<String, String> labels = svc.getMetadata().getLabels();
    return labels != null && labels.containsKey(ProxyNames.SERVICE_PROXY_NAME_LABEL);
  }

  private static Optional<InetAddress> clusterIp(Service svc, IpFamily family) {
    ServiceSpec spec = svc.getSpec();
    if (spec == null || "ExternalName".equals(spec.getType())) {
      return Optional.empty();
    }
    List<String> ips = new ArrayList<>(Optional.ofNullable(spec.getClusterIPs()).orElse(List.of()));
    if (ips.isEmpty() && spec.getClusterIP() != null) {
      ips.add(spec.getClusterIP());
    }
    return ips.stream().filter(s -> !s.isEmpty() && !"None".equals(s)).map(Ip::parse).filter(family::has).findFirst();
  }

  private static ServicePortInfo.Policy policy(ServiceSpec spec) {
    boolean extLocal = "Local".equals(spec.getExternalTrafficPolicy());
    boolean intLocal = "Local".equals(spec.getInternalTrafficPolicy());
    int affinity = 0;
    if ("ClientIP".equals(spec.getSessionAffinity())) {
      affinity = DEFAULT_AFFINITY_SECONDS;
      if (spec.getSessionAffinityConfig() != null && spec.getSessionAffinityConfig().getClientIP() != null
          && spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null) {
        affinity = spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
      }
    }
    int hc = extLocal ? Objects.requireNonNullElse(spec.getHealthCheckNodePort(), 0) : 0;
    return new ServicePortInfo.Policy(extLocal, intLocal, affinity, hc);
  }

  /** externalIPs and LoadBalancer ingress IPs (except ipMode Proxy, which the LB itself proxies). */
  private static List<InetAddress> externalIps(Service svc, IpFamily family) {
    List<String> ips = new ArrayList<>(Optional.ofNullable(svc.getSpec().getExternalIPs()).orElse(List.of()));
    if (svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null && svc.getStatus().getLoadBalancer().getIngress() != null) {
      for (LoadBalancerIngress in : svc.getStatus().getLoadBalancer().getIngress()) {
        if (in.getIp() != null && !"Proxy".equals(in.getIpMode())) {
          ips.add(in.getIp());
        }
      }
    }
    return ips.stream().distinct().map(Ip::parse).filter(family::has).toList();
  }

  private static List<EndpointInfo> endpoints(List<EndpointSlice> slices, String portName, String proto, IpFamily family, String nodeName) {
    Map<String, EndpointInfo> byHostPort = new LinkedHashMap<>();
    for (EndpointSlice slice : slices) {
      if (!family.sliceType.equals(slice.getAddressType())) {
        continue;
      }
      Optional<Integer> port = Optional.ofNullable(slice.getPorts()).orElse(List.of()).stream()
          .filter(p -> Objects.requireNonNullElse(p.getName(), "").equals(portName))
          .filter(p -> Objects.requireNonNullElse(p.getProtocol(), "TCP").equals(proto))
          .map(EndpointPort::getPort).filter(Objects::nonNull).findFirst();
      if (port.isEmpty()) {
        continue;
      }
      for (Endpoint e : Optional.ofNullable(slice.getEndpoints()).orElse(List.of())) {
        if (e.getAddresses() == null || e.getAddresses().isEmpty()) {
          continue;
        }
        EndpointInfo info = endpoint(e, port.get(), nodeName);
        byHostPort.putIfAbsent(info.hostPort(), info);
      }
    }
    return List.copyOf(byHostPort.values());
  }

  private static EndpointInfo endpoint(Endpoint e, int port, String nodeName) {
    Boolean readyC = e.getConditions() == null ? null : e.getConditions().getReady();
    Boolean servingC = e.getConditions() == null ? null : e.getConditions().getServing();
    Boolean terminatingC = e.getConditions() == null ? null : e.getConditions().getTerminating();
    boolean ready = readyC == null || readyC;
    boolean serving = servingC == null ? ready : servingC;
    boolean terminating = terminatingC != null && terminatingC;
    return new EndpointInfo(Ip.parse(e.getAddresses().get(0)), port, nodeName.equals(e.getNodeName()), ready, serving, terminating);
  }
}

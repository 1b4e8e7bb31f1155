package dev.podnet.agent.proxy;

import dev.podnet.kernel.Cidr;
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
  /** The pre-1.x way to say loadBalancerSourceRanges, read when the field is empty. */
  static final String SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";

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
    ServicePortInfo.Firewall firewall = firewall(svc, family);
    List<ServicePortInfo> out = new ArrayList<>();
    for (ServicePort p : Optional.ofNullable(spec.getPorts()).orElse(List.of())) {
      String name = Objects.requireNonNullElse(p.getName(), "");
      String proto = Objects.requireNonNullElse(p.getProtocol(), "TCP");
      int nodePort = Objects.requireNonNullElse(p.getNodePort(), 0);
      out.add(new ServicePortInfo(svc.getMetadata().getNamespace(), svc.getMetadata().getName(), name, proto,
          p.getPort(), clusterIp.get(), nodePort, external, policy, endpoints(slices, name, proto, family, nodeName), firewall));
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
    ips.addAll(loadBalancerIps(svc));
    return ips.stream().distinct().map(Ip::parse).filter(family::has).toList();
  }

  private static List<String> loadBalancerIps(Service svc) {
    List<String> ips = new ArrayList<>();
    if (svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null && svc.getStatus().getLoadBalancer().getIngress() != null) {
      for (LoadBalancerIngress in : svc.getStatus().getLoadBalancer().getIngress()) {
        if (in.getIp() != null && !"Proxy".equals(in.getIpMode())) {
          ips.add(in.getIp());
        }
      }
    }
    return ips;
  }

  /**
   * spec.loadBalancerSourceRanges, or (when empty) the older annotation kube-proxy still reads.
   * As kube-proxy, ranges of the other family are left out, and none left means no firewall.
   */
  private static ServicePortInfo.Firewall firewall(Service svc, IpFamily family) {
    List<String> ranges = new ArrayList<>(Optional.ofNullable(svc.getSpec().getLoadBalancerSourceRanges()).orElse(List.of()));
    Map<String, String> annotations = svc.getMetadata().getAnnotations();
    if (ranges.isEmpty() && annotations != null && annotations.containsKey(SOURCE_RANGES_ANNOTATION)) {
      ranges.addAll(List.of(annotations.get(SOURCE_RANGES_ANNOTATION).split(",")));
    }
    List<String> allowed = new ArrayList<>();
    for (String r : ranges) {
      try {
        Cidr c = Cidr.parse(r.trim());
        if (IpFamily.of(c) == family) {
          allowed.add(c.network().toString());
        }
      } catch (IllegalArgumentException e) {
        // the API refuses bad ranges; a bad entry in the unvalidated annotation is skipped, as kube-proxy does
      }
    }
    List<InetAddress> lb = loadBalancerIps(svc).stream().distinct().map(Ip::parse).filter(family::has).toList();
    return new ServicePortInfo.Firewall(lb, List.copyOf(allowed));
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

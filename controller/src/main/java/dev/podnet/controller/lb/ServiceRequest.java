package dev.podnet.controller.lb;

import dev.podnet.api.Services;
import dev.podnet.api.metallb.AddressRange;
import dev.podnet.api.metallb.MetalLb;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one LoadBalancer Service asks of the allocator: specific addresses ({@code loadBalancerIP}
 * or the loadBalancerIPs annotation), a pool, a sharing key, and what decides whether it may share
 * an address (its ports, and for eTP=Local its selector). {@code current}: the addresses it holds.
 */
record ServiceRequest(String key, String namespace, Map<String, String> labels, List<InetAddress> requested, Optional<String> pool,
    Optional<String> sharingKey, Set<String> ports, Optional<Map<String, String>> localSelector, List<Integer> families,
    List<InetAddress> current) {

  /** Whether the controller handles {@code svc}: a LoadBalancer of no class or of podnet's. */
  static boolean isOurs(Service svc) {
    return MetalLb.handles(svc);
  }

  /**
   * @throws IllegalArgumentException the reason the request cannot be met, for the Service's Event
   */
  static ServiceRequest of(Service svc) {
    Map<String, String> annotations = Objects.requireNonNullElse(svc.getMetadata().getAnnotations(), Map.of());
    String specIp = Services.spec(svc).getLoadBalancerIP();
    Optional<String> annotated = MetalLbNames.annotation(annotations, MetalLbNames.LOAD_BALANCER_IPS);
    if (specIp != null && !specIp.isEmpty() && annotated.isPresent()) {
      throw new IllegalArgumentException("spec.loadBalancerIP and the metallb.io/loadBalancerIPs annotation are both set; use only the annotation");
    }
    List<InetAddress> requested = new ArrayList<>();
    String texts = annotated.orElse(specIp == null ? "" : specIp);
    for (String t : texts.split(",")) {
      if (!t.isBlank()) {
        requested.add(AddressRange.ip(t.trim()).orElseThrow(() -> new IllegalArgumentException("requested IP \"" + t.trim() + "\" is not an IP address")));
      }
    }
    if (requested.stream().map(ip -> ip.getAddress().length).distinct().count() < requested.size()) {
      throw new IllegalArgumentException("at most one requested IP per family may be given, got " + texts);
    }
    boolean local = Services.LOCAL.equals(Services.spec(svc).getExternalTrafficPolicy());
    String key = svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
    return new ServiceRequest(key, svc.getMetadata().getNamespace(), Objects.requireNonNullElse(svc.getMetadata().getLabels(), Map.of()),
        List.copyOf(requested), MetalLbNames.annotation(annotations, MetalLbNames.ADDRESS_POOL),
        MetalLbNames.annotation(annotations, MetalLbNames.ALLOW_SHARED_IP), ports(svc),
        local ? Optional.of(Services.selector(svc)) : Optional.empty(), families(svc, requested), current(svc));
  }

  /** Byte lengths of the families wanted: the requested IPs' if given, else spec.ipFamilies (IPv4 by default). */
  private static List<Integer> families(Service svc, List<InetAddress> requested) {
    if (!requested.isEmpty()) {
      return requested.stream().map(ip -> ip.getAddress().length).toList();
    }
    List<String> fams = Objects.requireNonNullElse(Services.spec(svc).getIpFamilies(), List.of());
    List<Integer> out = fams.stream().map(f -> "IPv6".equals(f) ? 16 : 4).distinct().toList();
    return out.isEmpty() ? List.of(4) : out;
  }

  private static Set<String> ports(Service svc) {
    return Services.ports(svc).stream().map(ServiceRequest::port).collect(Collectors.toUnmodifiableSet());
  }

  private static String port(ServicePort p) {
    return Objects.requireNonNullElse(p.getProtocol(), "TCP") + "/" + p.getPort();
  }

  static List<InetAddress> current(Service svc) {
    if (svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null || svc.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    return svc.getStatus().getLoadBalancer().getIngress().stream().map(LoadBalancerIngress::getIp).filter(Objects::nonNull)
        .map(AddressRange::ip).flatMap(Optional::stream).toList();
  }

  /**
   * MetalLB's sharing rule: both carry the same allow-shared-ip key, no protocol/port is used
   * twice, and with eTP=Local both select the same pods (only then does one node serve both).
   */
  boolean canShareWith(ServiceRequest other) {
    if (sharingKey.isEmpty() || !sharingKey.equals(other.sharingKey)) {
      return false;
    }
    if (ports.stream().anyMatch(other.ports::contains)) {
      return false;
    }
    return (localSelector.isEmpty() && other.localSelector.isEmpty()) || localSelector.equals(other.localSelector);
  }
}

package dev.podnet.daemon.api;

import dev.podnet.api.Services;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * An update's allocated fields, as upstream's service REST layer treats them: what the writer left
 * out is kept from the stored Service (a PUT of an edited manifest keeps its clusterIP and node
 * ports), and what the new type cannot carry is dropped when it is still the stored value (NodePort
 * → ClusterIP frees the node ports without the writer having to clear them).
 */
final class AllocatedFields {
  private AllocatedFields() {}

  static void patch(Service current, Service updated) {
    keepAllocated(current, updated);
    dropTypeDependent(current, updated);
  }

  private static void keepAllocated(Service current, Service updated) {
    ServiceSpec was = Services.spec(current);
    ServiceSpec spec = Services.spec(updated);
    boolean external = Services.EXTERNAL_NAME.equals(Services.type(current)) || Services.EXTERNAL_NAME.equals(Services.type(updated));
    if (!external && Services.clusterIp(updated).isEmpty()) {
      spec.setClusterIP(was.getClusterIP());
      spec.setClusterIPs(was.getClusterIPs());
      spec.setIpFamilies(was.getIpFamilies());
      spec.setIpFamilyPolicy(was.getIpFamilyPolicy());
    }
    if (Services.needsNodePorts(current) && Services.needsNodePorts(updated)) {
      for (ServicePort p : Services.ports(updated)) {
        if (isUnset(p.getNodePort())) {
          same(current, p).ifPresent(old -> p.setNodePort(old.getNodePort()));
        }
      }
    }
    if (Services.needsHealthCheck(current) && Services.needsHealthCheck(updated) && isUnset(spec.getHealthCheckNodePort())) {
      spec.setHealthCheckNodePort(was.getHealthCheckNodePort());
    }
  }

  private static void dropTypeDependent(Service current, Service updated) {
    ServiceSpec was = Services.spec(current);
    ServiceSpec spec = Services.spec(updated);
    if (Services.EXTERNAL_NAME.equals(Services.type(updated)) && !Services.EXTERNAL_NAME.equals(Services.type(current))
        && Objects.equals(spec.getClusterIP(), was.getClusterIP())) {
      spec.setClusterIP(null);
      spec.setClusterIPs(null);
      spec.setIpFamilies(null);
      spec.setIpFamilyPolicy(null);
    }
    if (!Services.allowsNodePorts(updated)) {
      for (ServicePort p : Services.ports(updated)) {
        if (same(current, p).map(old -> Objects.equals(old.getNodePort(), p.getNodePort())).orElse(false)) {
          p.setNodePort(null);
        }
      }
    }
    if (!Services.needsHealthCheck(updated) && Objects.equals(spec.getHealthCheckNodePort(), was.getHealthCheckNodePort())) {
      spec.setHealthCheckNodePort(null);
    }
    if (!Services.isExternallyAccessible(updated) && Objects.equals(spec.getExternalTrafficPolicy(), was.getExternalTrafficPolicy())) {
      spec.setExternalTrafficPolicy(null);
    }
  }

  /** The stored port with the same number and protocol. */
  private static Optional<ServicePort> same(Service current, ServicePort p) {
    return Services.ports(current).stream()
        .filter(old -> Objects.equals(old.getPort(), p.getPort()) && Objects.equals(old.getProtocol(), p.getProtocol())).findFirst();
  }

  private static boolean isUnset(Integer port) {
    return port == null || port == 0;
  }
}

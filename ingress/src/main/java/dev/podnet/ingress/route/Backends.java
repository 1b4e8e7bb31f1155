package dev.podnet.ingress.route;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns an Ingress backend into a route: the Service port it names (by number or by name), then
 * that port's ready endpoints from the Service's EndpointSlices, as kube-proxy resolves them
 * (the slice port carrying the Service port's name). A backend that cannot be resolved becomes
 * an Unavailable route (503) and a {@link Problem} for the Ingress, never an error for others.
 */
final class Backends {
  private final ClusterObjects objects;
  private final List<Problem> problems;
  private final Map<String, Optional<Upstream>> upstreams = new HashMap<>();

  Backends(ClusterObjects objects, List<Problem> problems) {
    this.objects = objects;
    this.problems = problems;
  }

  Route resolve(String namespace, String ingress, IngressBackend backend, Site site, RouteOptions options) {
    if (backend.getResource() != null) {
      var r = backend.getResource();
      return unavailable(namespace, ingress, site, options, "ResourceBackendUnsupported", "backend " + r.getKind() + " " + r.getName()
          + ": resource backends are not supported by podnet.dev/ingress; name a service backend instead");
    }
    IngressServiceBackend ref = backend.getService();
    if (ref == null || ref.getName() == null) {
      return unavailable(namespace, ingress, site, options, "BackendMissing", "a backend names neither a service nor a resource");
    }
    Optional<Service> service = objects.service(namespace, ref.getName());
    if (service.isEmpty()) {
      return unavailable(namespace, ingress, site, options, "ServiceNotFound", "service " + namespace + "/" + ref.getName() + " not found");
    }
    Optional<ServicePort> port = servicePort(service.get(), ref);
    if (port.isEmpty()) {
      return unavailable(namespace, ingress, site, options, "PortNotFound", "service " + namespace + "/" + ref.getName() + " has no port "
          + portText(ref));
    }
    String name = namespace + "/" + ref.getName() + ":" + portText(ref);
    Optional<Upstream> upstream = upstreams.computeIfAbsent(name, n -> endpoints(namespace, ref.getName(), port.get())
        .map(eps -> new Upstream(n, eps)));
    return upstream.<Route>map(u -> new Route.Proxy(site, u, options))
        .orElseGet(() -> new Route.Unavailable(site, "service " + name + " has no ready endpoints", options));
  }

  private Route unavailable(String namespace, String ingress, Site site, RouteOptions options, String reason, String message) {
    problems.add(new Problem(namespace, ingress, reason, message));
    return new Route.Unavailable(site, message, options);
  }

  private static Optional<ServicePort> servicePort(Service s, IngressServiceBackend ref) {
    List<ServicePort> ports = s.getSpec() == null || s.getSpec().getPorts() == null ? List.of() : s.getSpec().getPorts();
    String byName = ref.getPort() == null ? null : ref.getPort().getName();
    Integer byNumber = ref.getPort() == null ? null : ref.getPort().getNumber();
    return ports.stream().filter(p -> byName != null && !byName.isEmpty() ? byName.equals(p.getName()) : Objects.equals(byNumber, p.getPort()))
        .filter(p -> p.getProtocol() == null || p.getProtocol().equals("TCP")).findFirst();
  }

  private static String portText(IngressServiceBackend ref) {
    if (ref.getPort() == null) {
      return "?";
    }
    return ref.getPort().getName() != null && !ref.getPort().getName().isEmpty() ? ref.getPort().getName() : String.valueOf(ref.getPort().getNumber());
  }

  /** The ready endpoints of one Service port; empty when there are none. */
  private Optional<List<InetSocketAddress>> endpoints(String namespace, String service, ServicePort port) {
    String portName = Objects.requireNonNullElse(port.getName(), "");
    List<InetSocketAddress> out = new ArrayList<>();
    for (EndpointSlice slice : objects.slices(namespace, service)) {
      Optional<Integer> number = slicePort(slice, portName);
      if (number.isEmpty() || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        boolean ready = e.getConditions() == null || e.getConditions().getReady() == null || e.getConditions().getReady();
        if (ready && e.getAddresses() != null && !e.getAddresses().isEmpty()) {
          literal(e.getAddresses().get(0)).ifPresent(a -> out.add(new InetSocketAddress(a, number.get())));
        }
      }
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(out));
  }

  private static Optional<Integer> slicePort(EndpointSlice slice, String name) {
    if (slice.getPorts() == null) {
      return Optional.empty();
    }
    for (EndpointPort p : slice.getPorts()) {
      if (Objects.requireNonNullElse(p.getName(), "").equals(name) && p.getPort() != null) {
        return Optional.of(p.getPort());
      }
    }
    return Optional.empty();
  }

  /** An IP literal, never a DNS lookup (an FQDN slice's names are not addresses a proxy can dial). */
  private static Optional<InetAddress> literal(String ip) {
    return Optional.ofNullable(io.netty.util.NetUtil.createInetAddressFromIpAddressString(ip));
  }
}

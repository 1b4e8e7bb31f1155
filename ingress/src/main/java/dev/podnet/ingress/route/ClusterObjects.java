package dev.podnet.ingress.route;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What routing is computed from: the Ingresses of podnet's class, and the Services and
 * EndpointSlices they may name, keyed {@code ns/name} (slices by the Service they belong to).
 */
public record ClusterObjects(List<Ingress> ingresses, Map<String, Service> services, Map<String, List<EndpointSlice>> slicesByService) {
  public ClusterObjects {
    ingresses = List.copyOf(ingresses);
    services = Map.copyOf(services);
    slicesByService = Map.copyOf(slicesByService);
  }

  Optional<Service> service(String namespace, String name) {
    return Optional.ofNullable(services.get(namespace + "/" + name));
  }

  List<EndpointSlice> slices(String namespace, String service) {
    return slicesByService.getOrDefault(namespace + "/" + service, List.of());
  }
}

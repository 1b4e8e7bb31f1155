package dev.podnet.ingress.route;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A cluster's objects for routing tests, written the way users write them. */
final class Cluster {
  private final List<Ingress> ingresses = new ArrayList<>();
  private final Map<String, Service> services = new HashMap<>();
  private final Map<String, List<EndpointSlice>> slices = new HashMap<>();
  private int clock;

  /** An Ingress from YAML; each is one second younger than the one before, unless it sets its own timestamp. */
  Cluster ingress(String yaml) {
    Ingress ing = Serialization.unmarshal(yaml, Ingress.class);
    if (ing.getMetadata().getNamespace() == null) {
      ing.getMetadata().setNamespace("default");
    }
    if (ing.getMetadata().getCreationTimestamp() == null) {
      ing.getMetadata().setCreationTimestamp(String.format("2026-12-06T10:00:%02dZ", clock++));
    }
    ingresses.add(ing);
    return this;
  }

  /** A Service {@code name} with one TCP port named {@code http} (port → targetPort 8080), and {@code ready} endpoints 10.244.x.y. */
  Cluster service(String name, String... readyIps) {
    return service(name, 8080, "http", List.of(readyIps), List.of());
  }

  Cluster service(String name, int port, String portName, List<String> ready, List<String> notReady) {
    services.put("default/" + name, new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
        .withNewSpec().addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort().endSpec().build());
    EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName(name + "-abc")
        .addToLabels("kubernetes.io/service-name", name).endMetadata().withAddressType("IPv4")
        .addNewPort().withName(portName).withPort(8080).withProtocol("TCP").endPort();
    ready.forEach(ip -> b.addNewEndpoint().withAddresses(ip).withNewConditions().withReady(true).endConditions().endEndpoint());
    notReady.forEach(ip -> b.addNewEndpoint().withAddresses(ip).withNewConditions().withReady(false).endConditions().endEndpoint());
    slices.put("default/" + name, List.of(b.build()));
    return this;
  }

  RouteTableBuilder.Result build() {
    return RouteTableBuilder.build(new ClusterObjects(ingresses, services, slices));
  }

  RouteTable table() {
    return build().table();
  }

  /** Where a request goes, as text: the upstream's Service ({@code foo-exact}), {@code 404} or {@code 503}. */
  static String served(RouteTable t, String host, String path) {
    Route r = t.route(host, path);
    if (r instanceof Route.Proxy p) {
      String n = p.upstream().name();
      return n.substring(n.indexOf('/') + 1, n.indexOf(':'));
    }
    return r instanceof Route.Unavailable ? "503" : "404";
  }

  /** A path rule in YAML, indented for {@code paths:}. */
  static String path(String path, String type, String service) {
    return """
              - path: %s
                pathType: %s
                backend:
                  service:
                    name: %s
                    port:
                      number: 8080
        """.formatted(path, type, service);
  }
}

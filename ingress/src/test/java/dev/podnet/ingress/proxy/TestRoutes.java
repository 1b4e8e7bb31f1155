package dev.podnet.ingress.proxy;

import dev.podnet.ingress.route.ClusterObjects;
import dev.podnet.ingress.route.RouteTable;
import dev.podnet.ingress.route.RouteTableBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Ingresses and Services whose endpoints are test backends on loopback. */
final class TestRoutes {
  private final List<Ingress> ingresses = new ArrayList<>();
  private final Map<String, Service> services = new HashMap<>();
  private final Map<String, List<EndpointSlice>> slices = new HashMap<>();

  /** Service {@code name} port 80 named http, its endpoints the given addresses (all ready). */
  TestRoutes service(String name, InetSocketAddress... endpoints) {
    services.put("default/" + name, new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
        .withNewSpec().addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort().endSpec().build());
    List<EndpointSlice> list = new ArrayList<>();
    for (InetSocketAddress ep : endpoints) { // one slice per endpoint: each may have its own port on loopback
      list.add(new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName(name + "-" + ep.getPort())
          .addToLabels("kubernetes.io/service-name", name).endMetadata().withAddressType("IPv4")
          .addNewPort().withName("http").withPort(ep.getPort()).withProtocol("TCP").endPort()
          .addNewEndpoint().withAddresses(ep.getAddress().getHostAddress()).withNewConditions().withReady(true).endConditions().endEndpoint()
          .build());
    }
    slices.put("default/" + name, list);
    return this;
  }

  /** An Ingress: host (null for any) with a Prefix path to a service, plus anything in {@code extra} (spec-level YAML). */
  TestRoutes ingress(String name, String annotations, String rules, String extra) {
    String yaml = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: " + name + "\n  namespace: default\n"
        + "  creationTimestamp: \"2026-12-06T10:00:0" + ingresses.size() + "Z\"\n" + (annotations.isEmpty() ? "" : "  annotations:\n" + annotations)
        + "spec:\n" + extra + "  rules:\n" + rules;
    ingresses.add(Serialization.unmarshal(yaml, Ingress.class));
    return this;
  }

  static String rule(String host, String path, String service) {
    return (host == null ? "  - http:\n" : "  - host: \"" + host + "\"\n    http:\n") + "      paths:\n      - path: " + path
        + "\n        pathType: Prefix\n        backend:\n          service:\n            name: " + service + "\n            port:\n"
        + "              number: 80\n";
  }

  RouteTable table() {
    return RouteTableBuilder.build(new ClusterObjects(ingresses, services, slices)).table();
  }
}

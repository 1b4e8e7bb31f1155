package dev.podnet.agent.proxy;

import dev.podnet.kernel.Ip;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;

/** Hand-built API objects, as the Service API would store them. */
final class Fixtures {
  private Fixtures() {}

  static ProxyConfig config() {
    return ProxyConfig.of("node-1", List.of(Ip.parse("172.18.0.2")));
  }

  static ServiceBuilder service(String name, String clusterIp, String proto, int port) {
    return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp).withClusterIPs(clusterIp)
        .addNewPort().withName("p").withProtocol(proto).withPort(port).endPort().endSpec();
  }

  static Service clusterIp(String name, String clusterIp, int port) {
    return service(name, clusterIp, "TCP", port).build();
  }

  /** An endpoint on {@code node}: ready, serving, not terminating. */
  static Endpoint ready(String ip, String node) {
    return endpoint(ip, node, true, false);
  }

  static Endpoint endpoint(String ip, String node, boolean ready, boolean terminating) {
    return new EndpointBuilder().withAddresses(ip).withNodeName(node)
        .withNewConditions().withReady(ready).withServing(ready || terminating).withTerminating(terminating).endConditions().build();
  }

  static EndpointSlice slice(String service, String proto, int port, Endpoint... eps) {
    return new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName(service + "-abc")
        .addToLabels(ProxyNames.SERVICE_NAME_LABEL, service).endMetadata()
        .withAddressType("IPv4").addNewPort().withName("p").withProtocol(proto).withPort(port).endPort()
        .withEndpoints(eps).build();
  }
}

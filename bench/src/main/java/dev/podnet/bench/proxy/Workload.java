package dev.podnet.bench.proxy;

import dev.podnet.agent.proxy.ProxyNames;
import dev.podnet.agent.proxy.ServiceProxy;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.net.InetAddress;
import java.util.List;

/**
 * The benchmark's API objects: Service {@code i} is {@code bench/svc-i}, TCP port 80 on ClusterIP
 * 10.96.0.10 + i, with one EndpointSlice naming the given pod IPs on port 8080. Built on demand
 * and handed straight to the proxy, so the heap measured holds only what the proxy keeps.
 */
record Workload(List<InetAddress> endpoints, String node) {
  static final String NAMESPACE = "bench";
  static final int PORT = 80;
  static final int TARGET_PORT = 8080;

  static String clusterIp(int i) {
    int a = (10 << 24) | (96 << 16) | 10;
    int ip = a + i;
    return ((ip >>> 24) & 255) + "." + ((ip >>> 16) & 255) + "." + ((ip >>> 8) & 255) + "." + (ip & 255);
  }

  static Service service(int i) {
    String ip = clusterIp(i);
    return new ServiceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName("svc-" + i).endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP(ip).withClusterIPs(ip)
        .addNewPort().withName("http").withProtocol("TCP").withPort(PORT).endPort().endSpec().build();
  }

  /** The slice of Service {@code i} with the first {@code count} endpoints. */
  EndpointSlice slice(int i, int count) {
    EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName("svc-" + i + "-abc")
        .addToLabels(ProxyNames.SERVICE_NAME_LABEL, "svc-" + i).endMetadata()
        .withAddressType("IPv4").addNewPort().withName("http").withProtocol("TCP").withPort(TARGET_PORT).endPort();
    for (InetAddress ep : endpoints.subList(0, count)) {
      b.addToEndpoints(new EndpointBuilder().withAddresses(ep.getHostAddress()).withNodeName(node)
          .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions().build());
    }
    return b.build();
  }

  /** Services 0..n-1 with all endpoints, as informers would deliver their initial lists. */
  void feed(ServiceProxy proxy, int n) {
    for (int i = 0; i < n; i++) {
      proxy.onServiceAdded(service(i));
      proxy.onSliceAdded(slice(i, endpoints.size()));
    }
  }
}

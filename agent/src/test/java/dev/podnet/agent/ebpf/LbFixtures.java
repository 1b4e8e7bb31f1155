package dev.podnet.agent.ebpf;

import dev.podnet.agent.ebpf.LbEntries.Backend;
import dev.podnet.agent.ebpf.LbEntries.BackendKey;
import dev.podnet.agent.ebpf.LbEntries.Frontend;
import dev.podnet.agent.ebpf.LbEntries.ServiceValue;
import dev.podnet.agent.proxy.ProxyConfig;
import dev.podnet.kernel.Ip;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** API objects as the Service API stores them, and the maps read back as "frontend → endpoints". */
final class LbFixtures {
  private LbFixtures() {}

  static ProxyConfig config(String node) {
    return ProxyConfig.of(node, List.of(Ip.parse("172.18.0.2"))).withSyncPeriod(Duration.ofHours(1));
  }

  static ServiceBuilder service(String name, String clusterIp, String proto, int port) {
    return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp).withClusterIPs(clusterIp)
        .addNewPort().withName("p").withProtocol(proto).withPort(port).endPort().endSpec();
  }

  static Endpoint endpoint(String ip, String node, boolean ready, boolean terminating) {
    return new EndpointBuilder().withAddresses(ip).withNodeName(node)
        .withNewConditions().withReady(ready).withServing(ready || terminating).withTerminating(terminating).endConditions().build();
  }

  static Endpoint ready(String ip, String node) {
    return endpoint(ip, node, true, false);
  }

  static EndpointSlice slice(String service, String proto, int port, Endpoint... eps) {
    return new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName(service + "-abc")
        .addToLabels("kubernetes.io/service-name", service).endMetadata()
        .withAddressType("IPv4").addNewPort().withName("p").withProtocol(proto).withPort(port).endPort()
        .withEndpoints(eps).build();
  }

  /** The endpoints a pod dialing {@code ip:port/proto} may reach, as the programs would read the maps; empty: not a Service. */
  static Optional<List<String>> backendsOf(LbMaps maps, String ip, int port, int proto) {
    return maps.services().lookup(new Frontend(Ip.parse(ip), port, proto).bytes()).map(v -> {
      ServiceValue sv = ServiceValue.parse(v);
      List<String> out = new ArrayList<>();
      for (int slot = 0; slot < sv.count(); slot++) {
        Backend b = Backend.parse(maps.backends().lookup(new BackendKey(sv.id(), slot).bytes()).orElseThrow());
        out.add(b.addr().getHostAddress() + ":" + b.port());
      }
      return out;
    });
  }
}

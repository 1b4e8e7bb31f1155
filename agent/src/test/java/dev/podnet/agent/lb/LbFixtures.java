package dev.podnet.agent.lb;

import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.IpAddressPoolSpec;
import dev.podnet.api.metallb.L2Advertisement;
import dev.podnet.api.metallb.L2AdvertisementSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;

final class LbFixtures {
  static final IpAddressPool POOL = new IpAddressPool(new ObjectMetaBuilder().withNamespace("metallb-system").withName("default").build(),
      new IpAddressPoolSpec(List.of("172.18.255.200-172.18.255.250"), null, null, null));
  /** An IPv6 pool beside it; the L2Advertisement names both. */
  static final IpAddressPool POOL_V6 = new IpAddressPool(new ObjectMetaBuilder().withNamespace("metallb-system").withName("v6").build(),
      new IpAddressPoolSpec(List.of("fd00::ff00/120"), null, null, null));
  static final L2Advertisement ALL_NODES = advertisement(List.of());

  private LbFixtures() {}

  static L2Advertisement advertisement(List<LabelSelector> nodeSelectors) {
    return new L2Advertisement(new ObjectMetaBuilder().withNamespace("metallb-system").withName("l2").build(),
        new L2AdvertisementSpec(List.of("default", "v6"), List.of(), nodeSelectors, List.of()));
  }

  static Node node(String name, boolean ready, Map<String, String> labels) {
    int i = Integer.parseInt(name.substring(name.length() - 1));
    return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().withNewStatus()
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "Unknown").endCondition()
        .addNewAddress().withType("InternalIP").withAddress("172.18.0." + (i + 1)).endAddress().endStatus().build();
  }

  static Node node(String name) {
    return node(name, true, Map.of());
  }

  static Service lb(String name, String ip, String trafficPolicy) {
    return new ServiceBuilder().withNewMetadata().withNamespace("shop").withName(name).endMetadata().withNewSpec().withType("LoadBalancer")
        .withExternalTrafficPolicy(trafficPolicy).addNewPort().withPort(80).endPort().endSpec()
        .withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).withIpMode("VIP").endIngress().endLoadBalancer().endStatus().build();
  }

  static EndpointSlice slice(String service, String... readyOnNodes) {
    EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace("shop").withName(service + "-abc")
        .addToLabels("kubernetes.io/service-name", service).endMetadata().withAddressType("IPv4");
    int i = 10;
    for (String n : readyOnNodes) {
      b.addNewEndpoint().withAddresses("10.244.0." + i++).withNodeName(n).withNewConditions().withReady(true).endConditions().endEndpoint();
    }
    return b.build();
  }

  static L2Inputs inputs(List<Service> services, List<EndpointSlice> slices, List<Node> nodes) {
    return new L2Inputs(services, slices, nodes, List.of(POOL), List.of(ALL_NODES));
  }
}

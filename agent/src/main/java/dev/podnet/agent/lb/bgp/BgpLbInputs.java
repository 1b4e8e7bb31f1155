package dev.podnet.agent.lb.bgp;

import dev.podnet.api.metallb.BgpAdvertisement;
import dev.podnet.api.metallb.BgpPeer;
import dev.podnet.api.metallb.IpAddressPool;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;

/** One consistent view of what the BGP plan reads; lists are copies, safe on any thread. */
record BgpLbInputs(List<Service> services, List<EndpointSlice> slices, List<Node> nodes, List<IpAddressPool> pools,
    List<BgpAdvertisement> advertisements, List<BgpPeer> peers) {

  BgpLbInputs {
    services = List.copyOf(services);
    slices = List.copyOf(slices);
    nodes = List.copyOf(nodes);
    pools = List.copyOf(pools);
    advertisements = List.copyOf(advertisements);
    peers = List.copyOf(peers);
  }
}

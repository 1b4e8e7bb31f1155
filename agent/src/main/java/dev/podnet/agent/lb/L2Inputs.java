package dev.podnet.agent.lb;

import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.L2Advertisement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;

/** One consistent view of what the election reads; lists are copies, safe to use on any thread. */
record L2Inputs(List<Service> services, List<EndpointSlice> slices, List<Node> nodes, List<IpAddressPool> pools,
    List<L2Advertisement> advertisements) {

  L2Inputs {
    services = List.copyOf(services);
    slices = List.copyOf(slices);
    nodes = List.copyOf(nodes);
    pools = List.copyOf(pools);
    advertisements = List.copyOf(advertisements);
  }
}

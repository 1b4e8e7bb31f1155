package dev.podnet.agent.ebpf;

import dev.podnet.agent.ebpf.LbService.LbSet;
import dev.podnet.agent.proxy.EndpointInfo;
import dev.podnet.agent.proxy.IpFamily;
import dev.podnet.agent.proxy.ProxyConfig;
import dev.podnet.agent.proxy.ServiceModel;
import dev.podnet.agent.proxy.ServicePortInfo;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One Service → its map entries, from the same model the nftables proxy reads. What a pod
 * dialing each frontend may reach: the ClusterIP follows internalTrafficPolicy (Local: this
 * node's endpoints only; none at all means refused); externalIPs and LoadBalancer IPs reached from a pod
 * go to any endpoint, as kube-proxy short-circuits them; terminating endpoints serve only when
 * none is ready (EndpointInfo.Selection). NodePorts are not a socket's business: they stay on nftables,
 * and so do the frontends a socket cannot serve as kube-proxy would (see render).
 */
final class LbRenderer {
  private LbRenderer() {}

  static LbService render(Service svc, List<EndpointSlice> slices, ProxyConfig config) {
    List<LbSet> sets = new ArrayList<>();
    for (ServicePortInfo p : ServiceModel.ports(svc, slices, IpFamily.V4, config.nodeName())) {
      int proto = LbEntries.proto(p.protocol());
      if (proto == 0) {
        continue;
      }
      EndpointInfo.Selection sel = EndpointInfo.Selection.of(p.endpoints());
      String base = p.namespace() + "/" + p.name() + "/" + p.protocol() + "/" + p.port();
      List<EndpointInfo> internal = p.policy().internalLocal() ? sel.local() : sel.cluster();
      long cluster = LbEntries.frontendKey(p.clusterIp(), p.port(), proto);
      // Local policy with endpoints only elsewhere: kube-proxy drops (no REJECT), which a socket
      // cannot; without a frontend the connection meets the nftables rules, which drop it
      boolean clusterServed = !internal.isEmpty() || sel.cluster().isEmpty();
      long[] external = translatedExternal(p, proto);
      int affinity = p.policy().affinitySeconds();
      if (clusterServed && !p.policy().internalLocal()) {
        // the same endpoints as the ClusterIP: one set serves both
        sets.add(new LbSet(base + "#cluster", concat(cluster, external), affinity, backends(internal)));
        continue;
      }
      if (clusterServed) {
        sets.add(new LbSet(base + "#cluster", new long[] {cluster}, affinity, backends(internal)));
      }
      if (external.length > 0) {
        sets.add(new LbSet(base + "#external", external, affinity, backends(sel.cluster())));
      }
    }
    return sets.isEmpty() ? LbService.NONE : new LbService(List.copyOf(sets));
  }

  /**
   * The externalIPs and LoadBalancer IPs a pod's socket may be translated for: LoadBalancer IPs
   * with loadBalancerSourceRanges are left out, so the pod's connection meets the nftables
   * firewall chain, which applies the ranges to pods too (as kube-proxy does).
   */
  private static long[] translatedExternal(ServicePortInfo p, int proto) {
    List<InetAddress> firewalled = p.firewall().isActive() ? p.firewall().loadBalancerIps() : List.of();
    return p.externalIps().stream().filter(ip -> !firewalled.contains(ip)).mapToLong(ip -> LbEntries.frontendKey(ip, p.port(), proto)).toArray();
  }

  private static long[] concat(long first, long[] rest) {
    long[] out = new long[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  private static long[] backends(List<EndpointInfo> endpoints) {
    long[] out = new long[endpoints.size()];
    for (int slot = 0; slot < out.length; slot++) {
      out[slot] = LbEntries.backendValue(endpoints.get(slot).ip(), endpoints.get(slot).port());
    }
    return out;
  }
}

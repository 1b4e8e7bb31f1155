package dev.podnet.agent.ebpf;

import dev.podnet.agent.ebpf.LbEntries.Backend;
import dev.podnet.agent.ebpf.LbEntries.BackendKey;
import dev.podnet.agent.ebpf.LbEntries.Frontend;
import dev.podnet.agent.ebpf.LbEntries.ServiceValue;
import dev.podnet.agent.proxy.EndpointInfo;
import dev.podnet.agent.proxy.IpFamily;
import dev.podnet.agent.proxy.ProxyConfig;
import dev.podnet.agent.proxy.ServiceModel;
import dev.podnet.agent.proxy.ServicePortInfo;
import dev.podnet.kernel.bpf.Bytes;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Service → its map entries, from the same model the nftables proxy reads. What a pod
 * dialing each frontend may reach: the ClusterIP follows internalTrafficPolicy (Local: this
 * node's endpoints only, none means refused); externalIPs and LoadBalancer IPs reached from a pod
 * go to any endpoint, as kube-proxy short-circuits them; terminating endpoints serve only when
 * none is ready (EndpointInfo.Selection). NodePorts are not a socket's business: they stay on nftables,
 * and so do the frontends a socket cannot serve as kube-proxy would (see render).
 */
final class LbRenderer {
  private LbRenderer() {}

  static LbService render(Service svc, List<EndpointSlice> slices, ProxyConfig config, SetIds ids) {
    Map<Bytes, Bytes> services = new HashMap<>();
    Map<Bytes, Bytes> backends = new HashMap<>();
    Set<String> sets = new HashSet<>();
    for (ServicePortInfo p : ServiceModel.ports(svc, slices, IpFamily.V4, config.nodeName())) {
      int proto = LbEntries.proto(p.protocol());
      if (proto == 0) {
        continue;
      }
      EndpointInfo.Selection sel = EndpointInfo.Selection.of(p.endpoints());
      String base = p.namespace() + "/" + p.name() + "/" + p.protocol() + "/" + p.port();
      List<EndpointInfo> internal = p.policy().internalLocal() ? sel.local() : sel.cluster();
      Bytes cluster = new Frontend(p.clusterIp(), p.port(), proto).bytes();
      int clusterSet = 0;
      // Local policy with endpoints only elsewhere: kube-proxy drops (no REJECT), which a socket
      // cannot; without a frontend the connection meets the nftables rules, which drop it
      if (!internal.isEmpty() || sel.cluster().isEmpty()) {
        clusterSet = ids.idFor(base + "#cluster", List.of(cluster));
        sets.add(base + "#cluster");
        put(services, backends, new Frontends(List.of(cluster), clusterSet, p.policy().affinitySeconds()), internal);
      }
      List<Bytes> external = translatedExternal(p, proto);
      if (external.isEmpty()) {
        continue;
      }
      // the same endpoints as the ClusterIP: one set serves both
      int externalSet = clusterSet;
      if (p.policy().internalLocal() || clusterSet == 0) {
        externalSet = ids.idFor(base + "#external", external);
        sets.add(base + "#external");
      }
      put(services, backends, new Frontends(external, externalSet, p.policy().affinitySeconds()), sel.cluster());
    }
    return new LbService(services, backends, sets);
  }

  /**
   * The externalIPs and LoadBalancer IPs a pod's socket may be translated for: LoadBalancer IPs
   * with loadBalancerSourceRanges are left out, so the pod's connection meets the nftables
   * firewall chain, which applies the ranges to pods too (as kube-proxy does).
   */
  private static List<Bytes> translatedExternal(ServicePortInfo p, int proto) {
    List<InetAddress> firewalled = p.firewall().isActive() ? p.firewall().loadBalancerIps() : List.of();
    return p.externalIps().stream().filter(ip -> !firewalled.contains(ip)).map((InetAddress ip) -> new Frontend(ip, p.port(), proto).bytes())
        .toList();
  }

  /** Frontends that share one backend set. */
  private record Frontends(List<Bytes> keys, int set, int affinitySeconds) {}

  private static void put(Map<Bytes, Bytes> services, Map<Bytes, Bytes> backends, Frontends f, List<EndpointInfo> endpoints) {
    Bytes value = new ServiceValue(f.set(), endpoints.size(), f.affinitySeconds()).bytes();
    f.keys().forEach(k -> services.put(k, value));
    for (int slot = 0; slot < endpoints.size(); slot++) {
      EndpointInfo e = endpoints.get(slot);
      backends.put(new BackendKey(f.set(), slot).bytes(), new Backend(e.ip(), e.port()).bytes());
    }
  }
}

package dev.podnet.agent.proxy;

import static dev.podnet.agent.proxy.ProxyNames.*;

import dev.podnet.agent.proxy.Nftables.Chain;
import dev.podnet.agent.proxy.Nftables.Container;
import java.util.ArrayList;
import java.util.List;

/**
 * The skeleton no Service owns: base chains on the hooks, the dispatch and check chains and the
 * maps they look up. Depends only on the node's configuration.
 *
 * <p>One deliberate difference from kube-proxy: the no-endpoint check runs in filter prerouting
 * (before DNAT), not in input/forward. Lab nodes have no default route, so a packet to a
 * ClusterIP without endpoints would die in routing (host unreachable) before reaching forward;
 * {@code reject} in prerouting needs kernel 5.9+. The undefined-port check must see the address
 * after DNAT, hence its own chains at dstnat+10. Masquerading a ClusterIP client from outside
 * the pod CIDR is one rule here on {@code @cluster-ips}, not one per Service port: a rule less
 * per Service is a quarter of a 10k-Service transaction's kernel time (and undefined ports are
 * rejected before the mark matters). Priorities are numbers (dstnat = -100, srcnat =
 * 100): nft 1.0.x accepts the names only on some hooks.
 */
final class BaseRules {
  private BaseRules() {}

  static List<Chain> chains(ProxyConfig config) {
    String a = config.family().nft;
    String newConn = "ct state new jump ";
    return List.of(
        new Chain(FILTER_PREROUTING, "type filter hook prerouting priority -110 ;",
            List.of(newConn + FIREWALL_CHECK, newConn + SERVICE_ENDPOINTS_CHECK, newConn + NODEPORT_ENDPOINTS_CHECK)),
        new Chain(FILTER_PREROUTING_POST_DNAT, "type filter hook prerouting priority -90 ;", List.of(newConn + CLUSTER_IPS_CHECK)),
        new Chain(FILTER_OUTPUT, "type filter hook output priority -110 ;",
            List.of(newConn + FIREWALL_CHECK, newConn + SERVICE_ENDPOINTS_CHECK, newConn + NODEPORT_ENDPOINTS_CHECK)),
        new Chain(FILTER_OUTPUT_POST_DNAT, "type filter hook output priority -90 ;", List.of(newConn + CLUSTER_IPS_CHECK)),
        new Chain(NAT_PREROUTING, "type nat hook prerouting priority -100 ;", List.of("jump " + SERVICES)),
        new Chain(NAT_OUTPUT, "type nat hook output priority -100 ;", List.of("jump " + SERVICES)),
        new Chain(NAT_POSTROUTING, "type nat hook postrouting priority 100 ;", List.of(
            "ct status dnat " + a + " saddr . " + a + " daddr @" + HAIRPIN + " jump " + MARK_FOR_MASQUERADE + " comment \"hairpin\"",
            "jump " + MASQUERADING)),
        Chain.regular(SERVICES, List.of(
            a + " daddr @" + CLUSTER_IPS + " " + a + " saddr != " + config.clusterCidr().network() + " jump " + MARK_FOR_MASQUERADE
                + " comment \"ClusterIP from outside the pod CIDR\"",
            a + " daddr . meta l4proto . th dport vmap @" + SERVICE_IPS,
            "fib daddr type local " + a + " daddr != " + config.family().loopback + " meta l4proto . th dport vmap @" + SERVICE_NODEPORTS)),
        Chain.regular(MASQUERADING, List.of(
            "meta mark & " + MASQ_MARK + " == 0 return",
            "meta mark set meta mark ^ " + MASQ_MARK,
            "masquerade fully-random")),
        Chain.regular(MARK_FOR_MASQUERADE, List.of("meta mark set meta mark | " + MASQ_MARK)),
        Chain.regular(FIREWALL_CHECK, List.of(a + " daddr . meta l4proto . th dport vmap @" + FIREWALL_IPS)),
        Chain.regular(SERVICE_ENDPOINTS_CHECK, List.of(a + " daddr . meta l4proto . th dport vmap @" + NO_ENDPOINT_SERVICES)),
        Chain.regular(NODEPORT_ENDPOINTS_CHECK, List.of("fib daddr type local " + a + " daddr != " + config.family().loopback
            + " meta l4proto . th dport vmap @" + NO_ENDPOINT_NODEPORTS)),
        Chain.regular(CLUSTER_IPS_CHECK, List.of(
            a + " daddr @" + CLUSTER_IPS + " reject comment \"undefined port of a ClusterIP\"",
            a + " daddr @" + LOAD_BALANCER_IPS + " fib daddr type != local reject comment \"undefined port of a LoadBalancer IP\"",
            a + " daddr " + config.serviceCidr().network() + " drop comment \"unallocated ClusterIP\"")),
        Chain.regular(REJECT_CHAIN, List.of("meta l4proto tcp reject with tcp reset", "reject")));
  }

  static List<Container> containers(ProxyConfig config) {
    String addr = config.family().addrType;
    String addrKey = "type " + addr + " . inet_proto . inet_service : verdict ;";
    String portKey = "type inet_proto . inet_service : verdict ;";
    List<Container> out = new ArrayList<>(List.of(
        new Container("map", SERVICE_IPS, addrKey + " comment \"ClusterIP, externalIP and LoadBalancer IP dispatch\" ;"),
        new Container("map", SERVICE_NODEPORTS, portKey + " comment \"NodePort dispatch\" ;"),
        new Container("map", NO_ENDPOINT_SERVICES, addrKey + " comment \"vmap to drop or reject packets to services with no endpoints\" ;"),
        new Container("map", NO_ENDPOINT_NODEPORTS, portKey + " comment \"vmap to drop or reject packets to service nodeports with no endpoints\" ;"),
        new Container("map", FIREWALL_IPS, addrKey + " comment \"LoadBalancer IPs with loadBalancerSourceRanges\" ;"),
        new Container("set", CLUSTER_IPS, "type " + addr + " ; comment \"Active ClusterIPs\" ;"),
        new Container("set", LOAD_BALANCER_IPS, "type " + addr + " ; comment \"Active LoadBalancer IPs\" ;"),
        new Container("set", HAIRPIN, "type " + addr + " . " + addr + " ; comment \"endpoint . endpoint: hairpin, masqueraded\" ;"),
        new Container("set", STATE, "type inet_service ; comment \"fingerprint of the rendered state, in the element's comment\" ;")));
    out.addAll(Picks.maps(config.family()));
    return List.copyOf(out);
  }
}

package dev.podnet.agent.proxy;

import static dev.podnet.agent.proxy.ProxyNames.AFFINITY_PREFIX;
import static dev.podnet.agent.proxy.ProxyNames.ENDPOINT_PREFIX;
import static dev.podnet.agent.proxy.ProxyNames.EXTERNAL_PREFIX;
import static dev.podnet.agent.proxy.ProxyNames.FIREWALL_PREFIX;
import static dev.podnet.agent.proxy.ProxyNames.LOCAL_PREFIX;
import static dev.podnet.agent.proxy.ProxyNames.MARK_FOR_MASQUERADE;
import static dev.podnet.agent.proxy.ProxyNames.SERVICE_PREFIX;

import dev.podnet.agent.proxy.EndpointInfo.Selection;
import dev.podnet.agent.proxy.Nftables.Chain;
import dev.podnet.agent.proxy.Nftables.Container;
import dev.podnet.agent.proxy.Nftables.Element;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one service port puts in the table. Pure; {@link ServiceRenderer} adds the dispatch
 * elements. Most ports are {@link #mapped}: map elements and shared chains only.
 */
final class PortRenderer {
  private final ServicePortInfo p;
  private final ProxyConfig config;
  private final Selection sel;
  private final String a;
  private final String c;

  PortRenderer(ServicePortInfo p, ProxyConfig config) {
    this.p = p;
    this.config = config;
    this.sel = Selection.of(p.endpoints());
    this.a = config.family().nft;
    this.c = " comment " + Nftables.quote(p.comment());
  }

  Selection selection() {
    return sel;
  }

  String serviceChain() {
    return name(SERVICE_PREFIX, p.chainBase());
  }

  String localChain() {
    return name(LOCAL_PREFIX, p.chainBase());
  }

  String externalChain() {
    return name(EXTERNAL_PREFIX, p.chainBase());
  }

  String firewallChain() {
    return name(FIREWALL_PREFIX, p.chainBase());
  }

  /**
   * Whether this port lives in the shared maps, owning no chain ({@link Picks}): all but
   * ClientIP affinity (per-endpoint memory) and eTP=Local with external destinations (the
   * choice depends on the source), which keep kube-proxy's per-Service chains.
   */
  boolean mapped() {
    return p.policy().affinitySeconds() == 0 && !(p.policy().externalLocal() && p.hasExternal());
  }

  private List<EndpointInfo> internalEndpoints() {
    return p.policy().internalLocal() ? sel.local() : sel.cluster();
  }

  /** Where ClusterIP traffic goes, if anywhere: iTP=Local uses only this node's endpoints, with no fallback. */
  Optional<String> internalTarget() {
    List<EndpointInfo> eps = internalEndpoints();
    if (eps.isEmpty()) {
      return Optional.empty();
    }
    if (mapped()) {
      return Optional.of(Picks.SERVICE.chainName(p.proto(), eps.size()));
    }
    return Optional.of(p.policy().internalLocal() ? localChain() : serviceChain());
  }

  /** Whether external destinations (NodePort, externalIPs) have somewhere to go. */
  boolean externalUsable() {
    return p.policy().externalLocal() ? !sel.local().isEmpty() : !sel.cluster().isEmpty();
  }

  /**
   * Whether external destinations are dispatched at all: also with eTP=Local and no endpoint on
   * this node while others have one, because pods (and the node itself) are short-circuited to
   * every endpoint; the external chain drops the rest (kube-proxy's service-ips element plus
   * no-endpoint drop, which podnet's pre-DNAT check could not tell apart).
   */
  boolean externalDispatched() {
    return externalUsable() || p.policy().externalLocal() && !sel.cluster().isEmpty();
  }

  /** Where externalIP / LoadBalancer IP traffic goes when {@link #externalUsable}. */
  String externalIpTarget() {
    return mapped() ? Picks.EXTERNAL.chainName(p.proto(), sel.cluster().size()) : externalChain();
  }

  /** Where NodePort traffic goes when {@link #externalUsable}. */
  String nodePortTarget() {
    return mapped() ? Picks.NODEPORT.chainName(p.proto(), sel.cluster().size()) : externalChain();
  }

  private boolean needsLocalChain() {
    return (p.policy().externalLocal() || p.policy().internalLocal()) && !sel.local().isEmpty();
  }

  /** The endpoints some rule or element of this port DNATs to. */
  List<EndpointInfo> usedEndpoints() {
    Set<EndpointInfo> used = new LinkedHashSet<>();
    if (mapped()) {
      used.addAll(internalEndpoints());
      if (p.hasExternal()) {
        used.addAll(sel.cluster());
      }
      return List.copyOf(used);
    }
    used.addAll(sel.cluster());
    if (needsLocalChain()) {
      used.addAll(sel.local());
    }
    return List.copyOf(used);
  }

  /** A mapped port's shared pick chains (see {@link Picks}), else its own chains; and its firewall chain. */
  List<Chain> chains() {
    List<Chain> out = new ArrayList<>();
    if (p.firewall().isActive()) {
      out.add(Chain.regular(firewallChain(), List.of(a + " saddr != { " + String.join(", ", allowedSources()) + " } drop" + c)));
    }
    if (mapped()) {
      if (!internalEndpoints().isEmpty()) {
        out.add(Picks.SERVICE.chain(p.proto(), internalEndpoints().size(), config.family()));
      }
      if (externalUsable() && !p.externalIps().isEmpty()) {
        out.add(Picks.EXTERNAL.chain(p.proto(), sel.cluster().size(), config.family()));
      }
      if (externalUsable() && p.nodePort() > 0) {
        out.add(Picks.NODEPORT.chain(p.proto(), sel.cluster().size(), config.family()));
      }
      return out;
    }
    if (!sel.cluster().isEmpty()) {
      out.add(Chain.regular(serviceChain(), pick(sel.cluster())));
    }
    if (needsLocalChain()) {
      out.add(Chain.regular(localChain(), pick(sel.local())));
    }
    if (p.hasExternal() && externalDispatched()) {
      out.add(Chain.regular(externalChain(), externalRules()));
    }
    if (endpointChains()) {
      for (EndpointInfo e : usedEndpoints()) {
        out.add(Chain.regular(endpointChain(e), endpointRules(e)));
      }
    }
    return out;
  }

  /**
   * The ranges, plus the LoadBalancer IPs themselves when a range holds this node's address: a
   * load balancer that hands packets over keeping its VIP as source must not be dropped
   * (kube-proxy's rule).
   */
  private List<String> allowedSources() {
    List<String> out = new ArrayList<>(p.firewall().allowed());
    boolean nodeAllowed = p.firewall().allowed().stream().map(dev.podnet.kernel.Cidr::parse)
        .anyMatch(r -> config.nodeIPs().stream().anyMatch(r::contains));
    if (nodeAllowed) {
      p.firewall().loadBalancerIps().forEach(ip -> out.add(ip.getHostAddress()));
    }
    return out;
  }

  /** A mapped port's endpoint-map entries: {@code key . i : endpoint} for i in 0..N-1, per destination. */
  List<Element> endpointElements() {
    if (!mapped()) {
      return List.of();
    }
    List<Element> out = new ArrayList<>();
    String map = Picks.SERVICE.map(p.proto());
    numbered(out, map, p.clusterIp().getHostAddress() + " . " + p.port(), internalEndpoints());
    if (externalUsable()) {
      for (InetAddress ip : p.externalIps()) {
        numbered(out, map, ip.getHostAddress() + " . " + p.port(), sel.cluster());
      }
      if (p.nodePort() > 0) {
        numbered(out, Picks.NODEPORT.map(p.proto()), Integer.toString(p.nodePort()), sel.cluster());
      }
    }
    return out;
  }

  private void numbered(List<Element> out, String map, String key, List<EndpointInfo> eps) {
    for (int i = 0; i < eps.size(); i++) {
      EndpointInfo e = eps.get(i);
      out.add(new Element(map, key + " . " + i, e.ip().getHostAddress() + " . " + e.port(), p.comment()));
    }
  }

  /** Per-endpoint chains only where a rule must {@code goto} one: ClientIP affinity (its update). */
  private boolean endpointChains() {
    return p.policy().affinitySeconds() > 0;
  }

  /** One element per endpoint for the shared hairpin set: {@code ep . ep} (its reply would skip the un-DNAT). */
  List<Element> hairpins() {
    return usedEndpoints().stream().map(e -> new Element(ProxyNames.HAIRPIN, e.ip().getHostAddress() + " . " + e.ip().getHostAddress(), "",
        ProxyNames.HAIRPIN)).toList();
  }

  List<Container> affinitySets() {
    if (p.policy().affinitySeconds() == 0) {
      return List.of();
    }
    return usedEndpoints().stream().map(e -> new Container("set", affinitySet(e), "type " + config.family().addrType
        + " ; flags dynamic,timeout ; timeout " + p.policy().affinitySeconds() + "s ;" + c + " ;")).toList();
  }

  /**
   * Affinity first (a known client returns to its endpoint: one set per endpoint, kube-proxy's
   * walk), then one random pick by one lookup in an inline map: DNAT targets, or with affinity
   * the endpoint chains that remember the client. Inline maps are anonymous sets, which the
   * kernel names by scanning every set of the table; that is why only these rarer ports (ClientIP
   * affinity, eTP=Local) have them, and {@link #mapped} ports use the shared maps.
   */
  private List<String> pick(List<EndpointInfo> eps) {
    List<String> rules = new ArrayList<>();
    if (endpointChains()) {
      for (EndpointInfo e : eps) {
        rules.add(a + " saddr @" + affinitySet(e) + " goto " + endpointChain(e) + c);
      }
    }
    int n = eps.size();
    if (n == 1) {
      rules.add(toEndpoint(eps.get(0)));
      return rules;
    }
    StringBuilder map = new StringBuilder(endpointChains()
        ? "numgen random mod " + n + " vmap { "
        : "meta l4proto " + p.proto() + " dnat " + a + " to numgen random mod " + n + " map { ");
    for (int i = 0; i < n; i++) {
      EndpointInfo e = eps.get(i);
      map.append(i == 0 ? "" : ", ").append(i).append(" : ")
          .append(endpointChains() ? "goto " + endpointChain(e) : e.ip().getHostAddress() + " . " + e.port());
    }
    rules.add(map.append(" }").append(c).toString());
    return rules;
  }

  /**
   * eTP=Cluster: the endpoint may be on another node, whose reply must come back through this
   * one, so every external connection is masqueraded (kube-proxy does the same; masquerading
   * only non-pod sources would break a pod reaching another node's NodePort whose endpoint
   * sits on a third node). eTP=Local: kube-proxy's order - pods short-circuit to all
   * endpoints unmasqueraded, the node's own traffic is masqueraded, the rest keeps its source.
   */
  private List<String> externalRules() {
    if (!p.policy().externalLocal()) {
      return List.of("jump " + MARK_FOR_MASQUERADE + c, "goto " + serviceChain() + c);
    }
    return List.of(
        a + " saddr " + config.clusterCidr().network() + " goto " + serviceChain() + c,
        "fib saddr type local jump " + MARK_FOR_MASQUERADE + c,
        "fib saddr type local goto " + serviceChain() + c,
        sel.local().isEmpty() ? "drop" + c : "goto " + localChain() + c);
  }

  /** The pick's action: into the endpoint's chain, or the DNAT itself. */
  private String toEndpoint(EndpointInfo e) {
    return endpointChains() ? "goto " + endpointChain(e) + c : dnat(e);
  }

  /** Hairpin is not here: one base rule in nat postrouting looks pairs up in the shared set. */
  private List<String> endpointRules(EndpointInfo e) {
    List<String> rules = new ArrayList<>();
    if (p.policy().affinitySeconds() > 0) {
      rules.add("update @" + affinitySet(e) + " { " + a + " saddr }" + c);
    }
    rules.add(dnat(e));
    return rules;
  }

  private String dnat(EndpointInfo e) {
    String to = config.family() == IpFamily.V4 ? e.hostPort() : "[" + e.ip().getHostAddress() + "]:" + e.port();
    return "meta l4proto " + p.proto() + " dnat to " + to + c;
  }

  private String endpointChain(EndpointInfo e) {
    return name(ENDPOINT_PREFIX, endpointBase(e));
  }

  private String affinitySet(EndpointInfo e) {
    return name(AFFINITY_PREFIX, endpointBase(e));
  }

  private String endpointBase(EndpointInfo e) {
    return p.chainBase() + "__" + e.ip().getHostAddress().replace(':', '.') + "/" + e.port();
  }

  /** kube-proxy's {@code prefix-HASH-base}: HASH is base32(sha256(base))[:8], so names stay unique. */
  static String name(String prefix, String base) {
    return prefix + hash(base) + "-" + base;
  }

  static String hash(String base) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(base.getBytes(StandardCharsets.UTF_8));
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
      long bits = 0;
      for (int i = 0; i < 5; i++) {
        bits = (bits << 8) | (d[i] & 0xff);
      }
      StringBuilder s = new StringBuilder();
      for (int i = 7; i >= 0; i--) {
        s.append(alphabet.charAt((int) ((bits >> (i * 5)) & 31)));
      }
      return s.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

package dev.podnet.agent.proxy;

import static dev.podnet.agent.proxy.ProxyNames.ENDPOINTS_PREFIX;
import static dev.podnet.agent.proxy.ProxyNames.MARK_FOR_MASQUERADE;
import static dev.podnet.agent.proxy.ProxyNames.NODEPORT_ENDPOINTS_PREFIX;
import static dev.podnet.agent.proxy.ProxyNames.PICK_PREFIX;

import dev.podnet.agent.proxy.Nftables.Chain;
import dev.podnet.agent.proxy.Nftables.Container;
import java.util.ArrayList;
import java.util.List;

/**
 * Endpoint choice without per-Service chains: a dispatch element {@code goto pick-tcp-3} lands in
 * a chain whose one rule DNATs to {@code endpoints-tcp[daddr . port . numgen random mod 3]}. One
 * map lookup per packet whatever the number of Services or endpoints, and the table holds a
 * handful of chains (one per kind, protocol and endpoint count in use) instead of several per
 * Service port: nft lists every chain of the table before each write, and that listing was most
 * of what one change at 10k Services cost.
 *
 * <p>The maps are per protocol because nft 1.0.6 cannot re-read a map whose value is typed
 * {@code th dport} from the kernel ("conflicting protocols specified: ip vs. th"), and a value
 * typed {@code tcp dport} makes the DNAT rule match TCP only.
 */
enum Picks {
  /** A ClusterIP: its usable endpoints (iTP=Local: this node's), the client's address kept. */
  SERVICE("", false, true),
  /** An externalIP / LoadBalancer IP with eTP=Cluster: masqueraded, then any endpoint (keyed in {@link #SERVICE}'s map). */
  EXTERNAL("external-", true, true),
  /** A NodePort with eTP=Cluster: masqueraded, keyed by the port alone (any of the node's addresses). */
  NODEPORT("nodeport-", true, false);

  /** The protocols a Service port may have, each with its maps. */
  static final List<String> PROTOCOLS = List.of("tcp", "udp", "sctp");

  private final String kind;
  private final boolean masquerade;
  private final boolean byAddress;

  Picks(String kind, boolean masquerade, boolean byAddress) {
    this.kind = kind;
    this.masquerade = masquerade;
    this.byAddress = byAddress;
  }

  String chainName(String proto, int endpoints) {
    return PICK_PREFIX + kind + proto + "-" + endpoints;
  }

  /** The endpoint map this kind's chains look up. */
  String map(String proto) {
    return (byAddress ? ENDPOINTS_PREFIX : NODEPORT_ENDPOINTS_PREFIX) + proto;
  }

  static boolean isPick(String chain) {
    return chain.startsWith(PICK_PREFIX);
  }

  Chain chain(String proto, int endpoints, IpFamily family) {
    List<String> rules = new ArrayList<>();
    if (masquerade) {
      rules.add("jump " + MARK_FOR_MASQUERADE + " comment \"" + (byAddress ? "externalIP" : "NodePort") + ", eTP=Cluster: masquerade\"");
    }
    rules.add("dnat " + family.nft + " to " + key(proto, family) + " . numgen random mod " + endpoints + " map @" + map(proto)
        + " comment \"one of " + endpoints + " endpoints\"");
    return Chain.regular(chainName(proto, endpoints), rules);
  }

  private String key(String proto, IpFamily family) {
    return (byAddress ? family.nft + " daddr . " : "") + proto + " dport";
  }

  /** The endpoint maps, each {@code typeof} what the pick rules look up. */
  static List<Container> maps(IpFamily family) {
    List<Container> out = new ArrayList<>();
    String value = " : " + family.nft + " daddr . ";
    for (String proto : PROTOCOLS) {
      out.add(new Container("map", SERVICE.map(proto), "typeof " + SERVICE.key(proto, family) + " . numgen random mod 2" + value + proto
          + " dport ; comment \"ClusterIP or externalIP . port . index : endpoint . port (" + proto + ")\" ;"));
      out.add(new Container("map", NODEPORT.map(proto), "typeof " + NODEPORT.key(proto, family) + " . numgen random mod 2" + value + proto
          + " dport ; comment \"NodePort . index : endpoint . port (" + proto + ")\" ;"));
    }
    return out;
  }
}

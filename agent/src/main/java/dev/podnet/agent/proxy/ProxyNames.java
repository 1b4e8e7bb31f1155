package dev.podnet.agent.proxy;

/**
 * Every name the service proxy puts in the kernel. They follow kube-proxy's nftables mode, so a
 * reader who knows {@code nft list table ip kube-proxy} can read ours; everything lives in one
 * private table, hence no prefixes.
 */
public final class ProxyNames {
  private ProxyNames() {}

  /** The table, one per family ({@code ip podnet}, {@code ip6 podnet}). */
  public static final String TABLE = "podnet";

  // base chains, named <type>-<hook>
  /** filter prerouting, before DNAT: new connections to Services without endpoints are rejected here. */
  public static final String FILTER_PREROUTING = "filter-prerouting";
  /** filter prerouting, after DNAT: a ClusterIP still addressed here was on an undefined port. */
  public static final String FILTER_PREROUTING_POST_DNAT = "filter-prerouting-post-dnat";
  /** filter output, before DNAT: the node's own connections to Services without endpoints. */
  public static final String FILTER_OUTPUT = "filter-output";
  /** filter output, after DNAT: the node's own connections to undefined ClusterIP ports. */
  public static final String FILTER_OUTPUT_POST_DNAT = "filter-output-post-dnat";
  /** nat prerouting: traffic arriving from pods and the LAN enters {@link #SERVICES}. */
  public static final String NAT_PREROUTING = "nat-prerouting";
  /** nat output: traffic the node itself sends enters {@link #SERVICES}. */
  public static final String NAT_OUTPUT = "nat-output";
  /** nat postrouting: marked connections are masqueraded. */
  public static final String NAT_POSTROUTING = "nat-postrouting";

  // regular chains
  /** Dispatch: one vmap lookup on daddr . proto . port, one on proto . NodePort. */
  public static final String SERVICES = "services";
  /** Masquerades packets carrying {@link #MASQ_MARK}, then clears the mark. */
  public static final String MASQUERADING = "masquerading";
  /** Sets {@link #MASQ_MARK}: the one way a rule asks for SNAT. */
  public static final String MARK_FOR_MASQUERADE = "mark-for-masquerade";
  /** Looks new connections up in {@link #NO_ENDPOINT_SERVICES}. */
  public static final String SERVICE_ENDPOINTS_CHECK = "service-endpoints-check";
  /** Looks new connections to local addresses up in {@link #NO_ENDPOINT_NODEPORTS}. */
  public static final String NODEPORT_ENDPOINTS_CHECK = "nodeport-endpoints-check";
  /** Rejects ClusterIPs on undefined ports, drops unallocated service-CIDR addresses. */
  public static final String CLUSTER_IPS_CHECK = "cluster-ips-check";
  /** Looks new connections up in {@link #FIREWALL_IPS}, before DNAT: loadBalancerSourceRanges. */
  public static final String FIREWALL_CHECK = "firewall-check";
  /** {@code reject} is not a verdict, so maps {@code goto} this chain to reject. */
  public static final String REJECT_CHAIN = "reject-chain";

  // maps and sets
  /** ClusterIP / externalIP / LoadBalancer IP . proto . port : goto service-/external- chain. */
  public static final String SERVICE_IPS = "service-ips";
  /** proto . NodePort : goto external- chain. */
  public static final String SERVICE_NODEPORTS = "service-nodeports";
  /** addr . proto . port : goto reject-chain (no endpoints) or drop (none usable on this node). */
  public static final String NO_ENDPOINT_SERVICES = "no-endpoint-services";
  /** proto . NodePort : goto reject-chain or drop. */
  public static final String NO_ENDPOINT_NODEPORTS = "no-endpoint-nodeports";
  /**
   * {@code endpoints-<proto>}: {@code addr . port . index : endpoint . port}, the endpoints of a
   * ClusterIP (iTP=Local: this node's) or externalIP numbered from 0; a {@link #PICK_PREFIX}
   * chain looks up index {@code numgen random mod N}.
   */
  public static final String ENDPOINTS_PREFIX = "endpoints-";
  /** {@code nodeport-endpoints-<proto>}: {@code NodePort . index : endpoint . port} (eTP=Cluster). */
  public static final String NODEPORT_ENDPOINTS_PREFIX = "nodeport-endpoints-";
  /** LoadBalancer IP . proto . port : goto firewall- chain, for Services with loadBalancerSourceRanges. */
  public static final String FIREWALL_IPS = "firewall-ips";
  /** Active ClusterIPs, for the undefined-port reject. */
  public static final String CLUSTER_IPS = "cluster-ips";
  /**
   * LoadBalancer IPs, for the undefined-port reject. They are no address of the node (agent/lb
   * answers ARP for them itself), so a packet to a port no Service has would otherwise be routed
   * back out onto the LAN toward the IP and time out. Shared: Services may share an IP.
   */
  public static final String LOAD_BALANCER_IPS = "load-balancer-ips";
  /**
   * {@code endpoint . endpoint} pairs: after DNAT, a packet from an endpoint to itself (hairpin)
   * is masqueraded, or its reply would skip the un-DNAT. Shared by every Service port using
   * that endpoint, so an element goes only with its last user.
   */
  public static final String HAIRPIN = "hairpin";
  /**
   * One element whose comment is the fingerprint of everything the proxy wrote, rewritten by
   * every transaction: a restarted proxy that renders the same fingerprint writes nothing.
   */
  public static final String STATE = "state";

  /**
   * Shared pick chains, {@code pick-[external-|nodeport-]<proto>-<N>}: one rule DNATs to entry {@code numgen random
   * mod N} of the kind's endpoint map. Every Service port with N endpoints shares them, so a
   * Service without affinity or eTP=Local owns no chain at all, only map elements.
   */
  public static final String PICK_PREFIX = "pick-";

  // per service port / per endpoint (ClientIP affinity and eTP=Local only), followed by -HASH-ns/name/proto/port[__ip/port]
  /** Cluster-policy chain: picks one of all usable endpoints. */
  public static final String SERVICE_PREFIX = "service-";
  /** Local-policy chain: picks one of this node's endpoints. */
  public static final String LOCAL_PREFIX = "local-";
  /** External-destination preamble (NodePort, externalIP, LB IP): masquerade or keep source. */
  public static final String EXTERNAL_PREFIX = "external-";
  /** Firewall chain: drops sources outside the Service's loadBalancerSourceRanges. */
  public static final String FIREWALL_PREFIX = "firewall-";
  /** Endpoint chain (ClientIP affinity): affinity update, DNAT. */
  public static final String ENDPOINT_PREFIX = "endpoint-";
  /** Per-endpoint ClientIP affinity set (dynamic, with the Service's timeout). */
  public static final String AFFINITY_PREFIX = "affinity-";

  /** kube-proxy's default masquerade bit 14. */
  public static final String MASQ_MARK = "0x00004000";

  /** Services with this label belong to another proxy. */
  public static final String SERVICE_PROXY_NAME_LABEL = "service.kubernetes.io/service-proxy-name";
  /** The label tying an EndpointSlice to its Service. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
}

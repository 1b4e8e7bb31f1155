package dev.podnet.agent.routing.bgp;

import dev.podnet.agent.NodeObjects;
import dev.podnet.api.Parts;
import dev.podnet.api.Resources;
import dev.podnet.api.bgp.BgpConfiguration;
import dev.podnet.api.bgp.BgpConfigurationSpec;
import dev.podnet.api.bgp.BgpPeer;
import dev.podnet.kernel.Ip;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.Node;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a node's {@link BgpRouting} from the API, as Calico's node reads its datastore: Nodes
 * with their labels and Calico's annotations, the BGPConfiguration {@code default}, the BGPPeers.
 * The node agent reports the sessions back ({@link BgpStatusWriter}, with MetalLB's).
 */
public final class BgpFeed {
  private static final Logger log = LoggerFactory.getLogger(BgpFeed.class);

  private BgpFeed() {}

  /**
   * Follows the API from now on ({@code nodes} already started); returns once everything has
   * listed. Parts go into {@code fed}; the caller owns {@code nodes}.
   */
  public static void follow(Store api, Informer<Node> nodes, BgpRouting routing, Parts fed) {
    routing.followApi();
    Informer<BgpConfiguration> configs = new Informer<>(api, Resources.BGPCONFIGURATIONS, "");
    Informer<BgpPeer> peers = new Informer<>(api, Resources.BGPPEERS, "");
    nodes.addHandler(n -> node(n).ifPresent(routing::onNode), (o, n) -> node(n).ifPresent(routing::onNode),
        n -> routing.onNodeGone(n.getMetadata().getName()));
    configs.addHandler(c -> configuration(routing, c, true), (o, c) -> configuration(routing, c, true), c -> configuration(routing, c, false));
    peers.addHandler(p -> routing.onPeer(p.name(), Optional.of(p.getSpec())), (o, p) -> routing.onPeer(p.name(), Optional.of(p.getSpec())),
        p -> routing.onPeer(p.name(), Optional.empty()));
    for (Informer<?> i : java.util.List.of(configs, peers)) {
      fed.add(i);
      i.start();
      i.awaitSynced(Duration.ofSeconds(30));
    }
    nodes.awaitSynced(Duration.ofSeconds(30));
    routing.inputsSynced();
  }

  private static void configuration(BgpRouting routing, BgpConfiguration c, boolean present) {
    if (BgpConfiguration.DEFAULT.equals(c.name())) {
      routing.onConfiguration(present ? c.getSpec() : BgpConfigurationSpec.DEFAULTS);
    }
  }

  /** The node with Calico's per-node settings; an annotation that does not parse is logged and left out. */
  static Optional<BgpNode> node(Node n) {
    Map<String, String> annotations = Optional.ofNullable(n.getMetadata().getAnnotations()).orElse(Map.of());
    Map<String, String> labels = Optional.ofNullable(n.getMetadata().getLabels()).orElse(Map.of());
    return NodeObjects.info(n).map(info -> new BgpNode(info, labels, clusterId(info.name(), annotations.get(BgpNode.CLUSTER_ID_ANNOTATION)),
        asn(info.name(), annotations.get(BgpNode.AS_ANNOTATION))));
  }

  private static Optional<Inet4Address> clusterId(String node, String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      if (Ip.parse(text.trim()) instanceof Inet4Address id) {
        return Optional.of(id);
      }
    } catch (IllegalArgumentException e) {
      // logged below
    }
    log.warn("node {} annotation {}={} is not an IPv4 address: the node is not a route reflector until it is", node,
        BgpNode.CLUSTER_ID_ANNOTATION, text);
    return Optional.empty();
  }

  private static OptionalLong asn(String node, String text) {
    if (text == null || text.isBlank()) {
      return OptionalLong.empty();
    }
    try {
      long asn = Long.parseLong(text.trim());
      if (asn >= 1 && asn <= 0xffffffffL) {
        return OptionalLong.of(asn);
      }
    } catch (NumberFormatException e) {
      // logged below
    }
    log.warn("node {} annotation {}={} is not an AS number 1..4294967295: the cluster's AS applies", node, BgpNode.AS_ANNOTATION, text);
    return OptionalLong.empty();
  }
}

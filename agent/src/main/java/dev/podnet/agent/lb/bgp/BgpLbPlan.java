package dev.podnet.agent.lb.bgp;

import dev.podnet.agent.lb.L2Election;
import dev.podnet.agent.lb.LbNames;
import dev.podnet.api.LabelSelector;
import dev.podnet.api.metallb.BgpAdvertisement;
import dev.podnet.api.metallb.BgpPeer;
import dev.podnet.api.metallb.BgpPeerSpec;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.MetalLb;
import dev.podnet.bgp.Community;
import dev.podnet.bgp.PathAttributes;
import dev.podnet.bgp.Prefix;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What one node announces in MetalLB's BGP mode, per BGPPeer that selects the node: every
 * LoadBalancer IP of a pool a BGPAdvertisement covers, as a prefix of the advertisement's
 * aggregation length, with its communities (and local preference, to iBGP peers only, as
 * MetalLB). A node announces nothing while its network is unavailable (condition
 * NetworkUnavailable) or it is excluded from load balancers, and an eTP=Local Service only while it
 * runs a ready endpoint, so the router sends it nowhere else. Ready is not asked, as MetalLB's
 * speaker does not ask it: a node cut off loses its session by the hold time anyway, and a lease
 * renewed late on a busy machine must not pull the node's paths while it forwards fine.
 * Every node computes its own part from the same objects; the router's ECMP spreads the flows. Pure.
 */
final class BgpLbPlan {
  private BgpLbPlan() {}

  /** A peer's session and the prefixes to originate towards it, by prefix. */
  record PeerPlan(PeerTarget target, Map<Prefix, PathAttributes> prefixes) {}

  /** The plan of {@code node} (with {@code nodeIp}, its router id unless a peer names one), by BGPPeer name. */
  static Map<String, PeerPlan> plan(String node, Inet4Address nodeIp, BgpLbInputs in) {
    Optional<Node> self = in.nodes().stream().filter(n -> node.equals(n.getMetadata().getName())).findFirst();
    Map<String, String> labels = self.map(n -> Objects.requireNonNullElse(n.getMetadata().getLabels(), Map.<String, String>of())).orElse(Map.of());
    Map<String, PeerPlan> out = new TreeMap<>();
    for (BgpPeer peer : own(in.peers())) {
      if (selects(peer.getSpec().nodeSelectors(), labels)) {
        target(peer, nodeIp).ifPresent(t -> out.put(t.name(), new PeerPlan(t, new TreeMap<>())));
      }
    }
    boolean announcing = self.filter(n -> !networkUnavailable(n)).isPresent() && !labels.containsKey(LbNames.EXCLUDE_LABEL);
    if (!announcing) {
      return out;
    }
    for (Service svc : in.services().stream().filter(MetalLb::handles).sorted(Comparator.comparing(BgpLbPlan::key)).toList()) {
      boolean local = "Local".equals(svc.getSpec().getExternalTrafficPolicy());
      if (local && !L2Election.hasReadyEndpoint(svc, node, in.slices())) {
        continue;
      }
      for (InetAddress ip : L2Election.ingress(svc)) {
        if (!(ip instanceof Inet4Address)) {
          continue; // the session is IPv4 with the node's IPv4 next hop; an IPv6 LB IP needs a v6 next hop (not in the lab)
        }
        own(in.pools()).stream().filter(p -> L2Election.contains(p, ip)).findFirst()
            .ifPresent(pool -> announce(ip, pool, labels, in, out));
      }
    }
    return out;
  }

  private static void announce(InetAddress ip, IpAddressPool pool, Map<String, String> nodeLabels, BgpLbInputs in, Map<String, PeerPlan> out) {
    for (BgpAdvertisement adv : own(in.advertisements())) {
      var spec = adv.getSpec();
      if (!covers(adv, pool) || !selects(spec.nodeSelectors(), nodeLabels)) {
        continue;
      }
      Prefix prefix = new Prefix(ip, spec.aggregation(ip.getAddress().length * 8));
      for (PeerPlan p : out.values()) {
        if (spec.peers().isEmpty() || spec.peers().contains(p.target().name())) {
          p.prefixes().merge(prefix, attributes(adv, p.target()), BgpLbPlan::merged);
        }
      }
    }
  }

  private static PathAttributes attributes(BgpAdvertisement adv, PeerTarget peer) {
    PathAttributes a = PathAttributes.local().withCommunities(adv.getSpec().communities().stream().map(Community::parse).toList());
    return peer.internal() ? a.withLocalPref(adv.getSpec().localPreference()) : a;
  }

  /** Two advertisements of one prefix to one peer: communities add up, the higher local preference wins. */
  private static PathAttributes merged(PathAttributes a, PathAttributes b) {
    LinkedHashSet<Community> communities = new LinkedHashSet<>(a.communities());
    communities.addAll(b.communities());
    OptionalLong pref = a.localPref().isPresent() && b.localPref().isPresent()
        ? OptionalLong.of(Math.max(a.localPref().getAsLong(), b.localPref().getAsLong()))
        : a.localPref().isPresent() ? a.localPref() : b.localPref();
    return a.withCommunities(new ArrayList<>(communities)).withLocalPref(pref);
  }

  /** The session to {@code peer}; empty for one validation would have refused (an old stored object). */
  static Optional<PeerTarget> target(BgpPeer peer, Inet4Address nodeIp) {
    BgpPeerSpec s = peer.getSpec();
    try {
      InetAddress address = InetAddress.getByName(Objects.requireNonNull(s.peerAddress()));
      Inet4Address id = s.routerID() == null || s.routerID().isEmpty() ? nodeIp : (Inet4Address) InetAddress.getByName(s.routerID());
      int connect = (int) Math.max(1, s.connect().toSeconds());
      return Optional.of(new PeerTarget(peer.name(), address, s.port(), s.myASN(), s.peerASN(), id, (int) s.hold().toSeconds(), connect));
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<T> own(List<T> objects) {
    return objects.stream().filter(o -> MetalLb.NAMESPACE.equals(o.getMetadata().getNamespace()))
        .sorted(Comparator.comparing(o -> o.getMetadata().getName())).toList();
  }

  private static boolean networkUnavailable(Node n) {
    return n.getStatus() != null && n.getStatus().getConditions() != null
        && n.getStatus().getConditions().stream().anyMatch(c -> "NetworkUnavailable".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean covers(BgpAdvertisement a, IpAddressPool pool) {
    var spec = a.getSpec();
    if (spec.ipAddressPools().isEmpty() && spec.ipAddressPoolSelectors().isEmpty()) {
      return true;
    }
    Map<String, String> poolLabels = Objects.requireNonNullElse(pool.getMetadata().getLabels(), Map.of());
    return spec.ipAddressPools().contains(pool.name())
        || spec.ipAddressPoolSelectors().stream().anyMatch(s -> LabelSelector.of(s).matches(poolLabels));
  }

  private static boolean selects(List<io.fabric8.kubernetes.api.model.LabelSelector> selectors, Map<String, String> nodeLabels) {
    return selectors.isEmpty() || selectors.stream().anyMatch(s -> LabelSelector.of(s).matches(nodeLabels));
  }

  private static String key(Service s) {
    return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
  }
}

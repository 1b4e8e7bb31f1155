package dev.podnet.agent.routing.bgp;

import dev.podnet.api.bgp.BgpConfigurationSpec;
import dev.podnet.api.bgp.BgpPeerSpec;
import dev.podnet.api.bgp.CalicoSelector;
import dev.podnet.kernel.Ip;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A node's sessions as Calico computes them. With the node-to-node mesh on, every other node.
 * Then each BGPPeer that applies to this node ({@code node}, {@code nodeSelector}, or neither:
 * every node) adds its {@code peerIP}, or every node its {@code peerSelector} matches; and, as
 * a peering needs both ends, a node that a BGPPeer's {@code peerSelector} matches peers with
 * every node that BGPPeer applies to. That is how reflectors get their clients. A node with a
 * route-reflector cluster id reflects to every peer not of its cluster. The first reason for a
 * peer wins: the mesh, then the BGPPeers in the order of their names, so the same inputs always
 * give the same plan, whatever order the API delivered them in. Pure.
 */
final class SessionPlanner {
  /**
   * The inputs: the BGPPeers by name (kept sorted, the order reasons are found in); {@code defaults}
   * stand in for what the configuration leaves unset.
   */
  record Inputs(String self, Collection<BgpNode> nodes, BgpConfigurationSpec config, Map<String, BgpPeerSpec> peers, BgpRoutingConfig defaults) {
    Inputs {
      nodes = List.copyOf(nodes);
      peers = Collections.unmodifiableSortedMap(new TreeMap<>(peers));
    }
  }

  private SessionPlanner() {}

  static SessionPlan plan(Inputs in) {
    long asn = in.config().asNumber() != null ? in.config().asNumber() : in.defaults().asn();
    int port = in.config().listenPort() != null ? in.config().listenPort() : in.defaults().port();
    Optional<BgpNode> me = in.nodes().stream().filter(n -> n.name().equals(in.self())).findFirst();
    if (me.isEmpty()) {
      return new SessionPlan(asn, port, Optional.empty(), Map.of());
    }
    Planner p = new Planner(me.get(), in, asn);
    if (in.config().meshEnabled()) {
      p.others().forEach(n -> p.add(n, Session.Type.NodeMesh, ""));
    }
    in.peers().forEach(p::add);
    return new SessionPlan(me.get().asn().orElse(asn), port, me.get().clusterId(), p.out);
  }

  /** One plan being built: sessions in the order their reasons were found. */
  private static final class Planner {
    private final BgpNode me;
    private final Inputs in;
    private final long clusterAsn;
    private final Map<InetAddress, Session> out = new LinkedHashMap<>();

    Planner(BgpNode me, Inputs in, long clusterAsn) {
      this.me = me;
      this.in = in;
      this.clusterAsn = clusterAsn;
    }

    java.util.stream.Stream<BgpNode> others() {
      return in.nodes().stream().filter(n -> !n.name().equals(me.name()));
    }

    void add(String name, BgpPeerSpec peer) {
      Session.Type type = peer.global() ? Session.Type.GlobalPeer : Session.Type.NodePeer;
      Optional<CalicoSelector> peers = selector(peer.peerSelector());
      if (appliesTo(peer, me)) {
        if (peer.peerIP() != null && !peer.peerIP().isBlank()) {
          InetAddress ip = Ip.parse(peer.peerIP()); // validated by the API
          Optional<BgpNode> node = in.nodes().stream().filter(n -> n.info().lanAddress().equals(ip)).findFirst();
          if (node.map(n -> !n.name().equals(me.name())).orElse(true)) {
            out.putIfAbsent(ip, new Session(ip, peer.asNumber(), type, name, node.map(this::reflectsTo).orElse(false)));
          }
        }
        peers.ifPresent(s -> others().filter(n -> s.matches(n.labels())).forEach(n -> add(n, type, name)));
      }
      if (peers.map(s -> s.matches(me.labels())).orElse(false)) {
        others().filter(n -> appliesTo(peer, n)).forEach(n -> add(n, type, name));
      }
    }

    void add(BgpNode n, Session.Type type, String peerName) {
      InetAddress ip = n.info().lanAddress();
      out.putIfAbsent(ip, new Session(ip, n.asn().orElse(clusterAsn), type, peerName, reflectsTo(n)));
    }

    /** Calico's rule: a reflector treats every peer that is not in its own cluster as a client. */
    private boolean reflectsTo(BgpNode peer) {
      return me.clusterId().isPresent() && !me.clusterId().equals(peer.clusterId());
    }

    private static boolean appliesTo(BgpPeerSpec peer, BgpNode n) {
      if (peer.node() != null && !peer.node().isBlank()) {
        return peer.node().equals(n.name());
      }
      return selector(peer.nodeSelector()).map(s -> s.matches(n.labels())).orElse(true);
    }

    /** Empty for no selector; a selector the API should have refused selects nothing. */
    private static Optional<CalicoSelector> selector(String text) {
      if (text == null || text.isBlank()) {
        return Optional.empty();
      }
      try {
        return Optional.of(CalicoSelector.parse(text));
      } catch (IllegalArgumentException e) {
        return Optional.of(new CalicoSelector.Not(new CalicoSelector.All()));
      }
    }
  }
}

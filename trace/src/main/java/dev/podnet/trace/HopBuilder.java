package dev.podnet.trace;

import dev.podnet.kernel.BridgeLookup;
import dev.podnet.kernel.RouteLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one packet's trace events in one namespace into hops: the proxy's rules it met (with their
 * comments), the DNAT and SNAT the kernel did (the addresses of the first and last {@code packet:}
 * lines differ), the conntrack entry behind them, how it left (route lookup, bridge port, VXLAN
 * encapsulation) or that it was delivered, rejected or dropped here.
 */
final class HopBuilder {
  private final Target target;
  private final PathFacts facts;
  private final String proto;
  private final int probePort;

  private Optional<SocketLb> socketLb = Optional.empty();

  HopBuilder(Target target, PathFacts facts, String proto, int probePort) {
    this.target = target;
    this.facts = facts;
    this.proto = proto;
    this.probePort = probePort;
  }

  /** The socket LB the probe's socket was made under (the ebpf datapath), which may have translated it before its first packet. */
  HopBuilder with(Optional<SocketLb> lb) {
    this.socketLb = lb;
    return this;
  }

  List<Hop> hops(Place at, Packets.Packet packet, boolean request) {
    String dir = request ? "request" : "reply";
    List<Hop> hops = new ArrayList<>();
    String asked = target.ip() + ":" + target.port();
    if (request && at.role() == Place.Role.FROM && packet.firstChain().equals("output") && !proto.equals("icmp")
        && !packet.first().destination().equals(asked) && packet.first().sport() == probePort) {
      // the first netfilter hook already saw another destination: a socket program chose it at connect()/sendmsg()
      hops.add(socketLb.orElse(new SocketLb(null, "a program before the first netfilter hook"))
          .translated(at, target, proto, packet.first().source(), packet.first().destination()));
    }
    hops.addAll(ruleHops(at, dir, packet.events()));
    Optional<Ends> ends = Ends.of(packet.events());
    if (ends.isEmpty() || hops.stream().anyMatch(Hop::stops)) {
      return hops;
    }
    PacketFields first = ends.get().first();
    PacketFields last = ends.get().last();
    fillNat(hops, last);
    boolean nat = hops.stream().anyMatch(h -> h.kind().equals("dnat") || h.kind().equals("snat"));
    if (!first.destination().equals(last.destination()) && hops.stream().noneMatch(h -> h.kind().equals("dnat"))
        || !first.source().equals(last.source()) && hops.stream().noneMatch(h -> h.kind().equals("snat"))) {
      // no NAT rule ran here, yet the addresses changed: conntrack applied the connection's binding (a reply's un-NAT)
      hops.add(hop(at, dir, "conntrack", device(first), "addresses rewritten by the connection's NAT binding (" + nattedPart(first, last) + ")",
          first, Optional.of(last)));
      nat = true;
    }
    if (nat && request) {
      conntrackHop(at, first).ifPresent(hops::add);
    }
    hops.addAll(exit(at, dir, ends.get().lastChain(), first, last));
    return hops;
  }

  /** The packet as this namespace first and last reported it, and the last of the trace table's chains it passed. */
  private record Ends(PacketFields first, PacketFields last, String lastChain) {
    static Optional<Ends> of(List<TraceEvent> events) {
      PacketFields first = null;
      PacketFields last = null;
      String lastChain = "";
      for (TraceEvent e : events) {
        if (e.type() == TraceEvent.Type.PACKET) {
          first = first == null ? e.packet() : first;
          last = e.packet();
          lastChain = e.table().startsWith("podnet-trace") ? e.chain() : lastChain;
        }
      }
      return first == null ? Optional.empty() : Optional.of(new Ends(first, last, lastChain));
    }
  }

  /** The hops of the rules the packet met in other tables than the trace's own, up to one that stops it. */
  private List<Hop> ruleHops(Place at, String dir, List<TraceEvent> events) {
    List<Hop> hops = new ArrayList<>();
    PacketFields cur = null;
    for (TraceEvent e : events) {
      if (e.type() == TraceEvent.Type.PACKET) {
        cur = e.packet();
      } else if (cur != null && !e.table().startsWith("podnet-trace")) {
        Optional<Hop> h = ruleHop(at, dir, e, cur);
        if (h.isPresent()) {
          hops.add(h.get());
          if (h.get().stops()) {
            break;
          }
        }
      }
    }
    return hops;
  }

  private static String nattedPart(PacketFields first, PacketFields last) {
    String source = "source " + first.source() + " -> " + last.source();
    String destination = "destination " + first.destination() + " -> " + last.destination();
    return first.destination().equals(last.destination()) ? source : first.source().equals(last.source()) ? destination : source + ", " + destination;
  }

  private Optional<Hop> ruleHop(Place at, String dir, TraceEvent e, PacketFields cur) {
    String where = "chain " + e.chain() + " of table " + e.family() + " " + e.table();
    Optional<String> service = Optional.ofNullable(target.services().get(cur.destination()));
    if (e.rejects()) {
      String why = service.map(s -> "Service " + s + " has no ready endpoint").orElse("rejected by rule");
      return Optional.of(hop(at, dir, "reject", device(cur), "REJECT: " + why + " (" + e.rule() + ", " + where + ")",
          e.comment().or(() -> service), cur));
    }
    if (e.drops()) {
      return Optional.of(hop(at, dir, "drop", device(cur), "DROP (" + (e.type() == TraceEvent.Type.RULE ? e.rule() + ", " : "") + where + ")",
          e.comment().or(() -> service), cur));
    }
    if (e.type() != TraceEvent.Type.RULE) {
      return Optional.empty();
    }
    String rule = e.rule();
    // the statements, not a match on them ("ct status dnat" is the hairpin rule's test, not a DNAT)
    if (rule.matches("(^|.*\\s)dnat( ip6?)? to\\s.*")) {
      // a NodePort answers on every address of the node: its frontend is the port alone
      Optional<String> frontend = service.or(() -> Optional.ofNullable(target.services().get("nodeport:" + cur.dport())));
      return Optional.of(hop(at, dir, "dnat", device(cur), "DNAT (" + rule + ", " + where + ")", frontend, cur));
    }
    if (rule.matches("(^|.*\\s)(masquerade(\\s.*|$)|snat( ip6?)? to\\s.*)")) {
      return Optional.of(hop(at, dir, "snat", device(cur), "SNAT (" + rule + ", " + where + ")", e.comment(), cur));
    }
    if (e.comment().isPresent() || e.verdict().startsWith("goto")) {
      return Optional.of(hop(at, dir, "nft", device(cur), rule + " -> " + e.verdict() + " (" + where + ")", e.comment().or(() -> service), cur));
    }
    return Optional.empty();
  }

  /** NAT hops carry the addresses after the rewrite, as the last report of the packet in this namespace shows them. */
  private void fillNat(List<Hop> hops, PacketFields last) {
    for (int i = 0; i < hops.size(); i++) {
      Hop h = hops.get(i);
      if (h.kind().equals("dnat")) {
        String endpoint = Optional.ofNullable(target.pods().get(last.daddr())).map(p -> " pod " + p).orElse("");
        hops.set(i, new Hop(0, h.direction(), h.node(), h.namespace(), h.kind(), h.device(),
            "DNAT to endpoint" + endpoint + " " + last.destination() + ": " + h.decision().substring(5), h.comment(), h.src(), h.dst(),
            last.source(), last.destination()));
      } else if (h.kind().equals("snat")) {
        hops.set(i, new Hop(0, h.direction(), h.node(), h.namespace(), h.kind(), h.device(), h.decision(), h.comment(), h.src(), h.dst(),
            last.source(), last.destination()));
      }
    }
  }

  private Optional<Hop> conntrackHop(Place at, PacketFields first) {
    for (String line : facts.conntrack(at, proto, probePort)) {
      Optional<ConntrackEntry> ce = ConntrackEntry.parse(line);
      if (ce.isPresent() && ce.get().origSrc().equals(first.source()) && (ce.get().dnat() || ce.get().snat())) {
        ConntrackEntry c = ce.get();
        return Optional.of(new Hop(0, "request", at.node().orElse(null), at.name(), "conntrack", device(first), c.summary(),
            Optional.ofNullable(target.services().get(c.origDst())).orElse(null), c.origSrc(), c.origDst(), c.replyDst(), c.replySrc()));
      }
    }
    return Optional.empty();
  }

  /** The packet's last step in this namespace: delivered to a local socket, or out of a device by a route. */
  private List<Hop> exit(Place at, String dir, String lastChain, PacketFields first, PacketFields last) {
    if (lastChain.equals("input")) {
      String what = at.role() == Place.Role.FROM && dir.equals("reply") ? "reply received by the probe's socket"
          : "delivered to a local socket in " + at.label();
      return List.of(hop(at, dir, "deliver", device(last), what, Optional.empty(), last));
    }
    if (!lastChain.equals("postrouting") || last.oif().isEmpty()) {
      RouteLookup.Result r = facts.route(at, last.daddr(), Optional.of(last.saddr()), last.iif());
      String why = r.found() ? "not forwarded after the route lookup (" + r.route() + ")" : "no route to " + last.daddr() + ": " + r.error();
      return List.of(hop(at, dir, r.found() ? "drop" : "route", device(last), why, Optional.empty(), last));
    }
    String oif = last.oif().get();
    List<Hop> out = new ArrayList<>();
    Optional<String> iif = first.iif();
    RouteLookup.Result r = facts.route(at, last.daddr(), iif.map(x -> first.saddr()), iif);
    out.add(hop(at, dir, "route", oif, r.found() ? "route: " + r.route() : "sent out " + oif + " (" + r.error() + ")", Optional.empty(), last));
    String kind = facts.linkKind(at, oif);
    String state = r.via().isEmpty() && !kind.equals("vxlan") ? facts.neighborState(at, oif, last.daddr()) : "";
    if (state.equals("FAILED") || state.equals("INCOMPLETE")) {
      out.add(hop(at, dir, "route", oif, "ARP for " + last.daddr() + " on " + oif + " got no answer (neighbor " + state
          + "): no pod or node has this address", Optional.empty(), last));
    } else if (state.equals("none") && (kind.equals("veth") || kind.isEmpty())) {
      // the packet left on-link, so the kernel made a neighbor entry; an answered one stays (STALE)
      // for gc_stale_time, a FAILED one is dropped by the next periodic neighbor GC, seconds later
      out.add(hop(at, dir, "route", oif, "ARP for " + last.daddr() + " on " + oif + " got no answer (the kernel already dropped"
          + " its failed neighbor entry): no pod or node has this address", Optional.empty(), last));
    } else if (kind.equals("vxlan")) {
      String next = r.via().orElse(last.daddr());
      String vtep = facts.vtep(at, oif, next).orElse("?");
      out.add(hop(at, dir, "vxlan", oif, "encapsulated in VXLAN: next hop " + next + " -> VTEP " + vtep + " (neighbor + FDB on " + oif + ")",
          Optional.empty(), last));
    } else if (kind.equals("bridge")) {
      BridgeLookup.Result b = facts.bridge(at, oif, r.via().orElse(last.daddr()));
      String d = b.port().map(p -> "bridge " + oif + ": " + b.mac().orElse("?") + " learned on port " + p)
          .orElse("bridge " + oif + ": no port for " + last.daddr() + " (neighbor " + b.state() + (b.mac().map(m -> " " + m).orElse("")) + ")");
      out.add(hop(at, dir, "bridge", b.port().orElse(oif), d, Optional.ofNullable(target.pods().get(last.daddr())), last));
    }
    return out;
  }

  private static String device(PacketFields p) {
    return p.iif().or(p::oif).orElse(null);
  }

  private Hop hop(Place at, String dir, String kind, String device, String decision, Optional<String> comment, PacketFields p) {
    return new Hop(0, dir, at.node().orElse(null), at.name(), kind, device, decision, comment.orElse(null), p.source(), p.destination(), null, null);
  }

  private Hop hop(Place at, String dir, String kind, String device, String decision, PacketFields before, Optional<PacketFields> after) {
    return new Hop(0, dir, at.node().orElse(null), at.name(), kind, device, decision, null, before.source(), before.destination(),
        after.map(PacketFields::source).orElse(null), after.map(PacketFields::destination).orElse(null));
  }
}

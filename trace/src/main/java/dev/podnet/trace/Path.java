package dev.podnet.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts the namespaces' reports in the order the packet crossed them. Monitors in different
 * namespaces deliver independently, so arrival times cannot order them; the TTL each namespace
 * saw can (each forwarding node lowers it), and where it ties (a pod and its node) the request
 * goes FROM, its node, other nodes, the target, the reply the other way. Only the probe's first request packet (the SYN, the datagram, the echo) and the first
 * reply are followed; retransmissions and the rest of the connection would only repeat them.
 */
final class Path {
  private final Resolver.Plan plan;
  private final Map<Place, List<Packets.Packet>> packets;
  private final HopBuilder builder;
  private final int probePort;

  Path(Resolver.Plan plan, Map<Place, List<Packets.Packet>> packets, HopBuilder builder, int probePort) {
    this.plan = plan;
    this.packets = packets;
    this.builder = builder;
    this.probePort = probePort;
  }

  List<Hop> hops() {
    List<Hop> hops = new ArrayList<>();
    Optional<String> request = requestKey();
    request.ifPresent(k -> hops.addAll(walk(k, true)));
    if (hops.stream().noneMatch(Hop::stops)) {
      replyKey(request).ifPresent(k -> hops.addAll(walk(k, false)));
    }
    List<Hop> numbered = new ArrayList<>();
    for (Hop h : hops) {
      numbered.add(h.numbered(numbered.size() + 1));
      if (h.stops()) {
        break;
      }
    }
    return numbered;
  }

  /** The request: the first packet the FROM namespace sent from the probe's port. */
  private Optional<String> requestKey() {
    return packets.getOrDefault(plan.from(), List.of()).stream().filter(p -> p.sentBy(probePort)).findFirst().map(Packets.Packet::key);
  }

  /**
   * The reply: the first packet the FROM namespace got back on the probe's port; when none came
   * back, the first one a receiving namespace sent (a reply lost on its way back).
   */
  private Optional<String> replyKey(Optional<String> request) {
    Optional<String> back = packets.getOrDefault(plan.from(), List.of()).stream().filter(p -> p.answers(probePort)).findFirst()
        .map(Packets.Packet::key);
    if (back.isPresent() || request.isEmpty()) {
      return back;
    }
    return packets.entrySet().stream().filter(e -> e.getKey().role() == Place.Role.TARGET).flatMap(e -> e.getValue().stream())
        .filter(p -> p.firstChain().equals("output")).min(Comparator.comparingLong(Packets.Packet::firstNanos)).map(Packets.Packet::key);
  }

  private List<Hop> walk(String key, boolean request) {
    record Visit(Place place, Packets.Packet packet) {}
    List<Visit> visits = new ArrayList<>();
    // one visit per pass: a hairpinned packet passes its sender's namespace twice, out and (one TTL lower) back in
    packets.forEach((place, list) -> list.stream().filter(p -> p.key().equals(key)).forEach(p -> visits.add(new Visit(place, p))));
    // every router on the way decrements the TTL: a namespace reached later saw a lower one; a pod and its node (a veth, no
    // router) tie, and so does a hairpin through the node's bridge: there a namespace's second pass (the packet back in) comes
    // after every first, and the namespace that made the packet (its first chain is output) before the others
    Comparator<Visit> byTtl = Comparator.comparingInt((Visit v) -> v.packet().first().ttl()).reversed();
    Comparator<Visit> byPass = Comparator.comparingInt(v -> v.packet().pass());
    Comparator<Visit> madeHere = Comparator.comparing(v -> !v.packet().firstChain().equals("output"));
    Comparator<Visit> byRole = Comparator.comparing(v -> v.place().role());
    visits.sort(byTtl.thenComparing(byPass).thenComparing(madeHere).thenComparing(request ? byRole : byRole.reversed())
        .thenComparingLong(v -> v.packet().firstNanos()));
    List<Hop> hops = new ArrayList<>();
    for (Visit v : visits) {
      hops.addAll(builder.hops(v.place(), v.packet(), request));
      if (hops.stream().anyMatch(Hop::stops)) {
        break;
      }
    }
    return hops;
  }
}

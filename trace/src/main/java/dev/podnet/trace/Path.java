package dev.podnet.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts the namespaces' reports in the order the packet crossed them. Monitors in different
 * namespaces deliver independently, so arrival times alone cannot order them: a request goes
 * FROM, its node, other nodes (in the order they reported), the target; the reply comes back the
 * other way. Only the probe's first request packet (the SYN, the datagram, the echo) and the first
 * reply are followed; retransmissions and the rest of the connection would only repeat them.
 */
final class Path {
  private final Resolver.Plan plan;
  private final Map<Place, List<Packets.Packet>> packets;
  private final HopBuilder builder;

  Path(Resolver.Plan plan, Map<Place, List<Packets.Packet>> packets, HopBuilder builder) {
    this.plan = plan;
    this.packets = packets;
    this.builder = builder;
  }

  List<Hop> hops() {
    List<Hop> hops = new ArrayList<>();
    Optional<String> request = firstKey(true);
    request.ifPresent(k -> hops.addAll(walk(k, true)));
    if (hops.stream().noneMatch(Hop::stops)) {
      firstKey(false).ifPresent(k -> hops.addAll(walk(k, false)));
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

  /** The request: the first one the FROM namespace sent; the reply: the first one reported anywhere. */
  private Optional<String> firstKey(boolean request) {
    List<Packets.Packet> fromFrom = packets.getOrDefault(plan.from(), List.of()).stream().filter(p -> p.request() == request).toList();
    if (request && !fromFrom.isEmpty()) {
      return Optional.of(fromFrom.get(0).key());
    }
    return packets.values().stream().flatMap(List::stream).filter(p -> p.request() == request)
        .min(Comparator.comparingLong(Packets.Packet::firstNanos)).map(Packets.Packet::key);
  }

  private List<Hop> walk(String key, boolean request) {
    record Visit(Place place, Packets.Packet packet) {}
    List<Visit> visits = new ArrayList<>();
    packets.forEach((place, list) -> list.stream().filter(p -> p.key().equals(key)).findFirst().ifPresent(p -> visits.add(new Visit(place, p))));
    Comparator<Visit> byRole = Comparator.comparing(v -> v.place().role());
    visits.sort((request ? byRole : byRole.reversed()).thenComparingLong(v -> v.packet().firstNanos()));
    List<Hop> hops = new ArrayList<>();
    for (Visit v : visits) {
      hops.addAll(builder.hops(v.place(), v.packet()));
      if (hops.stream().anyMatch(Hop::stops)) {
        break;
      }
    }
    return hops;
  }
}

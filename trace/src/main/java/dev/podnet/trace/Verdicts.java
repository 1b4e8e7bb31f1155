package dev.podnet.trace;

import java.util.List;
import java.util.Optional;

/**
 * The trace's verdict from what the probe got back and where its packets went: a REJECT or DROP
 * rule met on the way decides it; otherwise the probe's own outcome, explained by the last hop.
 */
final class Verdicts {
  private Verdicts() {}

  static Trace judge(Resolver.Plan plan, String proto, List<Hop> hops, Probe.Result result) {
    String from = plan.from().label();
    String to = plan.to().label();
    int port = proto.equals("icmp") ? 0 : plan.to().port();
    Optional<Hop> stop = hops.stream().filter(Hop::stops).findFirst();
    if (stop.isPresent()) {
      String verdict = stop.get().kind().equals("reject") ? "rejected" : "dropped";
      String where = " at hop " + stop.get().n() + " in " + stop.get().namespace();
      return new Trace(from, to, proto, port, verdict, stop.get().decision() + where, hops);
    }
    Optional<Hop> last = hops.isEmpty() ? Optional.empty() : Optional.of(hops.get(hops.size() - 1));
    String lastSays = last.map(h -> "; last hop " + h.n() + " in " + h.namespace() + ": " + h.decision()).orElse("; no packet was seen on the path");
    return switch (result.outcome()) {
      case ANSWERED -> new Trace(from, to, proto, port, "delivered", result.text(), hops);
      case REFUSED -> new Trace(from, to, proto, port, "rejected",
          result.text() + " (the destination " + plan.to().ip() + " answered, but nothing listens on port " + plan.to().port() + ")", hops);
      case NO_ROUTE -> new Trace(from, to, proto, port, "no-route", result.text() + lastSays, hops);
      case UNREACHABLE -> new Trace(from, to, proto, port, "no-route", result.text() + lastSays, hops);
      case NO_ANSWER -> unanswered(from, to, proto, port, hops, result, lastSays);
    };
  }

  /**
   * No answer in time: if ARP/NDP for a hop's next address failed, nobody has it (no-route, said by
   * that hop even when a later one, such as the kernel's own ICMP host-unreachable arriving after
   * the probe gave up, follows it); otherwise a timeout explained by the last hop.
   */
  private static Trace unanswered(String from, String to, String proto, int port, List<Hop> hops, Probe.Result result, String lastSays) {
    Optional<Hop> unresolved = hops.stream().filter(h -> h.decision().contains("got no answer")).reduce((a, b) -> b);
    if (unresolved.isPresent()) {
      Hop h = unresolved.get();
      return new Trace(from, to, proto, port, "no-route", result.text() + "; hop " + h.n() + " in " + h.namespace() + ": " + h.decision(), hops);
    }
    return new Trace(from, to, proto, port, "timeout", result.text() + lastSays, hops);
  }
}

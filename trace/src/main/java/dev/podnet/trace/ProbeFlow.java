package dev.podnet.trace;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;

/**
 * The probe's own connection, as the 5-tuples it has on its way: the one it was sent with (FROM's
 * address and the probe's source port to TO) and every one a NAT turned it into, learned from the
 * conntrack entries of the namespaces that did the NAT (the kernel's own binding: original tuple
 * in, reply tuple out). A trace keeps only the packets whose tuple, either way round, is one of
 * these: on a busy node the trace table also reports other connections' SYNs to the same
 * endpoints (they are how a masqueraded probe is still seen past the node that changed its port),
 * and those share the probe's TCP flags and window, and a SYN-ACK's IP ID is often 0, so nothing
 * else would tell them apart.
 */
final class ProbeFlow {
  /** A direction of a connection: {@code ip:port} to {@code ip:port} (bare addresses for ICMP). */
  record Tuple(String src, String dst) {
    Tuple reversed() {
      return new Tuple(dst, src);
    }
  }

  /** NATs in a row a probe's connection may meet (a NodePort's masquerade, a hairpin's): each may change its port. */
  private static final int MAX_NATS = 3;

  private final String proto;
  private final Set<Tuple> tuples = new LinkedHashSet<>();

  private ProbeFlow(String proto) {
    this.proto = proto;
  }

  /** The probe as sent: from {@code fromIp} and port {@code probePort} (none for ICMP) to {@code toIp}:{@code toPort}. */
  static ProbeFlow of(String proto, String fromIp, int probePort, String toIp, int toPort) {
    ProbeFlow f = new ProbeFlow(proto);
    f.tuples.add(proto.equals("icmp") ? new Tuple(fromIp, toIp) : new Tuple(fromIp + ":" + probePort, toIp + ":" + toPort));
    return f;
  }

  /**
   * The probe's connection and what NAT made of it on the way: as its socket sent it (the FROM
   * namespace's reports of its port, {@code fromEvents}), and from the conntrack entries of every
   * namespace on the plan's path: listed by each probe-side port known so far, until none adds one
   * (a masquerade picks a new port; a later NAT is listed by that one).
   */
  static ProbeFlow learned(Resolver.Plan plan, String proto, int probePort, PathFacts facts, List<TraceEvent> fromEvents) {
    ProbeFlow flow = of(proto, plan.from().ip(), probePort, plan.to().ip(), plan.to().port());
    // what the probe's socket actually sent: a socket program (the ebpf datapath) may have chosen another destination at connect()
    for (TraceEvent e : fromEvents) {
      PacketFields p = e.type() == TraceEvent.Type.PACKET ? e.packet() : null;
      if (p != null && !proto.equals("icmp") && p.proto().equals(proto) && p.saddr().equals(plan.from().ip()) && p.sport() == probePort) {
        flow.tuples.add(new Tuple(p.source(), p.destination()));
      }
    }
    Set<Integer> listed = new HashSet<>();
    for (int round = 0; round < MAX_NATS; round++) {
      // ICMP has no ports: its entries are listed whole, once
      List<Integer> fresh = proto.equals("icmp") ? (round == 0 ? List.of(0) : List.of())
          : flow.sourcePorts().stream().filter(listed::add).toList();
      if (fresh.isEmpty()) {
        break;
      }
      // one conntrack exec per namespace and port: read side by side, learned in order
      List<String> lines = plan.watched().parallelStream().flatMap(p -> fresh.stream().flatMap(port -> facts.conntrack(p, proto, port).stream()))
          .toList();
      lines.forEach(line -> ConntrackEntry.parse(line).ifPresent(flow::learn));
    }
    return flow;
  }

  /**
   * Adds the tuples an entry of the probe's connection shows (its reply tuple, reversed, is the
   * request after the NAT; between a DNAT and a masquerade it has the one's destination and the
   * other's source); an entry of another connection changes nothing. True when it added one.
   */
  boolean learn(ConntrackEntry e) {
    if (!e.proto().equals(proto)) {
      return false;
    }
    Tuple original = new Tuple(e.origSrc(), e.origDst());
    Tuple natted = new Tuple(e.replySrc(), e.replyDst()).reversed();
    if (!knows(original) && !knows(natted)) {
      return false;
    }
    // between a DNAT (prerouting) and a masquerade (postrouting) the packet has its new destination and its old source
    boolean added = tuples.add(new Tuple(e.origSrc(), e.replySrc()));
    added |= tuples.add(original);
    return tuples.add(natted) || added;
  }

  /** The probe-side source ports of the tuples known so far: what to list conntrack entries by. */
  Set<Integer> sourcePorts() {
    Set<Integer> out = new LinkedHashSet<>();
    for (Tuple t : tuples) {
      int colon = t.src().lastIndexOf(':');
      if (colon > 0) {
        out.add(Integer.parseInt(t.src().substring(colon + 1)));
      }
    }
    return out;
  }

  /**
   * Whether a reported packet is the probe's: its tuple either way round is known, or it is an
   * ICMP error sent to an address the probe's packets came from (a REJECT's or a router's answer).
   */
  boolean owns(PacketFields p) {
    if (p.proto().equals("icmp") && !proto.equals("icmp") && !p.icmpType().startsWith("echo")) {
      return tuples.stream().anyMatch(t -> address(t.src()).equals(p.daddr()));
    }
    if (!p.proto().equals(proto)) {
      return false;
    }
    return knows(new Tuple(p.source(), p.destination()));
  }

  /**
   * The events of the probe's packets only: a {@code packet:} line the probe does not own drops it
   * and every rule, verdict and policy line the kernel printed for it under the same trace id.
   */
  List<TraceEvent> filter(List<TraceEvent> events) {
    Map<String, Boolean> ownedId = new HashMap<>();
    List<TraceEvent> out = new ArrayList<>();
    for (TraceEvent e : events) {
      if (e.type() == TraceEvent.Type.PACKET) {
        boolean mine = owns(e.packet());
        ownedId.put(e.id(), mine);
        if (mine) {
          out.add(e);
        }
      } else if (ownedId.getOrDefault(e.id(), false)) {
        out.add(e);
      }
    }
    return out;
  }

  Set<Tuple> tuples() {
    return Set.copyOf(tuples);
  }

  private boolean knows(Tuple t) {
    return tuples.contains(t) || tuples.contains(t.reversed());
  }

  private static String address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return colon > 0 && hostPort.indexOf(':') == colon ? hostPort.substring(0, colon) : hostPort;
  }
}

package dev.podnet.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One namespace's trace events sorted into packets. nft's trace id follows the skb's hash, which
 * the kernel may compute anew between hooks, so packets are told apart by what does not change on
 * the way ({@link PacketFields#key()}); a rule, verdict or policy line belongs to the packet last
 * printed under its trace id; a packet that comes back (a hairpin) is a second one with the same
 * key. Which packets are the probe's is decided by {@link Path}: a
 * namespace may report other packets of the endpoints' ports too.
 */
final class Packets {
  /** The events of one packet in one namespace, in the order the kernel reported them. */
  record Packet(String key, int pass, PacketFields first, String firstChain, List<TraceEvent> events) {
    long firstNanos() {
      return events.get(0).nanos();
    }

    /** Whether the probe sent it: from the probe's port, or an ICMP echo request. */
    boolean sentBy(int probePort) {
      return first.proto().equals("icmp") ? first.icmpType().equals("echo-request") : first.sport() == probePort;
    }

    /** Whether it answers the probe: to the probe's port, or an ICMP echo reply. */
    boolean answers(int probePort) {
      return first.proto().equals("icmp") ? first.icmpType().equals("echo-reply") : first.dport() == probePort;
    }
  }

  private Packets() {}

  static List<Packet> of(List<TraceEvent> lines) {
    Map<String, String> keyOfTrace = new HashMap<>();
    Map<String, Integer> passes = new HashMap<>();
    Map<String, Packet> byKey = new LinkedHashMap<>();
    for (TraceEvent e : lines) {
      if (e.type() == TraceEvent.Type.PACKET) {
        PacketFields f = e.packet();
        if (f.proto().isEmpty()) {
          keyOfTrace.remove(e.id());
          continue;
        }
        int pass = pass(f, e, byKey, passes);
        String passKey = f.key() + "#" + pass;
        keyOfTrace.put(e.id(), passKey);
        byKey.computeIfAbsent(passKey, k -> new Packet(f.key(), pass, f, e.chain(), new ArrayList<>())).events().add(e);
      } else {
        String pass = keyOfTrace.get(e.id());
        if (pass != null) {
          byKey.get(pass).events().add(e);
        }
      }
    }
    return List.copyOf(byKey.values());
  }

  /**
   * Which pass through this namespace a packet line belongs to, counted from 0. A packet comes
   * back to the namespace that sent it when a Service hairpins it to its own sender (out to the
   * node, DNATed to itself, masqueraded, in again): the trace table's prerouting then sees what
   * its output chain saw leave. A retransmission leaves by output again and stays one packet.
   */
  private static int pass(PacketFields f, TraceEvent e, Map<String, Packet> byKey, Map<String, Integer> passes) {
    String key = f.key();
    int n = passes.getOrDefault(key, 0);
    Packet current = byKey.get(key + "#" + n);
    boolean comesBack = e.table().startsWith("podnet-trace") && e.chain().equals("prerouting");
    if (current != null && comesBack && current.firstChain().equals("output")) {
      passes.put(key, ++n);
    }
    return n;
  }
}

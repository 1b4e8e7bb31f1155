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
 * printed under its trace id. Which packets are the probe's is decided by {@link Path}: a
 * namespace may report other packets of the endpoints' ports too.
 */
final class Packets {
  /** The events of one packet in one namespace, in the order the kernel reported them. */
  record Packet(String key, PacketFields first, String firstChain, List<TraceEvent> events) {
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
    Map<String, Packet> byKey = new LinkedHashMap<>();
    for (TraceEvent e : lines) {
      if (e.type() == TraceEvent.Type.PACKET) {
        PacketFields f = e.packet();
        if (f.proto().isEmpty()) {
          keyOfTrace.remove(e.id());
          continue;
        }
        String key = f.key();
        keyOfTrace.put(e.id(), key);
        byKey.computeIfAbsent(key, k -> new Packet(k, f, e.chain(), new ArrayList<>())).events().add(e);
      } else {
        String key = keyOfTrace.get(e.id());
        if (key != null) {
          byKey.get(key).events().add(e);
        }
      }
    }
    return List.copyOf(byKey.values());
  }
}

package dev.podnet.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One namespace's trace events sorted into packets. nft's trace id follows the skb's hash, which
 * the kernel may compute anew between hooks, so packets are told apart by what does not change on
 * the way (the IP ID, TCP flags, ICMP type: {@link PacketFields#key()}); a rule, verdict or policy
 * line belongs to the packet last printed under its trace id.
 */
final class Packets {
  /** The events of one packet in one namespace, in the order the kernel reported them. */
  record Packet(String key, boolean request, List<TraceEvent> events) {
    long firstNanos() {
      return events.get(0).nanos();
    }
  }

  private Packets() {}

  /** The packets of {@code lines} that belong to the probe: request or reply by the probe's port (ICMP: the echo type). */
  static List<Packet> of(List<TraceEvent> lines, String proto, int probePort) {
    Map<String, String> keyOfTrace = new HashMap<>();
    Map<String, Packet> byKey = new java.util.LinkedHashMap<>();
    for (TraceEvent e : lines) {
      if (e.type() == TraceEvent.Type.PACKET) {
        PacketFields f = e.packet();
        Optional<Boolean> request = direction(f, proto, probePort);
        if (request.isEmpty()) {
          keyOfTrace.remove(e.id());
          continue;
        }
        String key = (request.get() ? "req/" : "rep/") + f.key();
        keyOfTrace.put(e.id(), key);
        byKey.computeIfAbsent(key, k -> new Packet(k, request.get(), new ArrayList<>())).events().add(e);
      } else {
        String key = keyOfTrace.get(e.id());
        if (key != null) {
          byKey.get(key).events().add(e);
        }
      }
    }
    return List.copyOf(byKey.values());
  }

  private static Optional<Boolean> direction(PacketFields f, String proto, int probePort) {
    if (proto.equals("icmp")) {
      return switch (f.icmpType()) {
        case "echo-request" -> Optional.of(true);
        case "echo-reply" -> Optional.of(false);
        default -> Optional.empty();
      };
    }
    if (!f.proto().equals(proto)) {
      return Optional.empty();
    }
    if (f.sport() == probePort) {
      return Optional.of(true);
    }
    return f.dport() == probePort ? Optional.of(false) : Optional.empty();
  }
}

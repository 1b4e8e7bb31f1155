package dev.podnet.agent.ebpf;

import dev.podnet.kernel.bpf.Bytes;
import java.util.Map;
import java.util.Set;

/**
 * What one Service owns in the maps: its frontends' entries, its backend sets' slots, and the
 * names of those sets. The unit a change rewrites.
 */
record LbService(Map<Bytes, Bytes> services, Map<Bytes, Bytes> backends, Set<String> sets) {
  static final LbService NONE = new LbService(Map.of(), Map.of(), Set.of());

  // no defensive copies: LbRenderer hands over maps nobody else holds, and copying 30k Services'
  // entries was a measurable part of a full sync
}

package dev.podnet.agent.ebpf;

import java.util.List;

/**
 * What one Service puts in the maps, before set ids are given: its backend sets, each with the
 * frontends that use it. Rendered once per change of the Service or its slices (on the event's
 * thread, see SocketLb), so a sync only numbers the sets and copies the longs into its batches.
 */
record LbService(List<LbSet> sets) {
  static final LbService NONE = new LbService(List.of());

  /**
   * One backend set: {@code frontends} (podnet_svc keys, as {@link LbEntries#frontendKey}) all
   * pick among {@code backends} (podnet_be values in slot order, as {@link LbEntries#backendValue}).
   * {@code name} is stable while the set lives (its id follows it).
   */
  record LbSet(String name, long[] frontends, int affinitySeconds, long[] backends) {}
}

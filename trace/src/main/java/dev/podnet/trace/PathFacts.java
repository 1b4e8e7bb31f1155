package dev.podnet.trace;

import dev.podnet.kernel.BridgeLookup;
import dev.podnet.kernel.RouteLookup;
import java.util.List;
import java.util.Optional;

/**
 * What the kernel of a namespace says beside the trace events: the route it picks, what kind a
 * device is, where VXLAN sends a next hop, which bridge port leads to an IP, the conntrack entries.
 * {@link KernelFacts} asks the real kernel; tests give fixed answers.
 */
interface PathFacts {
  RouteLookup.Result route(Place at, String dst, Optional<String> from, Optional<String> iif);

  /** rtnetlink kind of {@code dev} ({@code vxlan}, {@code bridge}, {@code veth}, "" for a plain device). */
  String linkKind(Place at, String dev);

  /** The VTEP (remote node address) VXLAN device {@code dev} sends frames for next hop {@code via} to. */
  Optional<String> vtep(Place at, String dev, String via);

  /** The neighbor (ARP) state of {@code ip} on {@code dev}: REACHABLE, STALE, INCOMPLETE, FAILED, or none. */
  String neighborState(Place at, String dev, String ip);

  BridgeLookup.Result bridge(Place at, String bridge, String ip);

  List<String> conntrack(Place at, String proto, int port);
}

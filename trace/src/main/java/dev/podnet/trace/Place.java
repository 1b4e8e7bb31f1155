package dev.podnet.trace;

import dev.podnet.kernel.Netns;
import java.util.Optional;

/**
 * A network namespace on the probe's possible path: the FROM namespace, a node, a pod that may
 * receive it. {@code ip} is its own address (a pod's IP, a node's InternalIP).
 */
record Place(String label, Netns netns, Optional<String> node, Role role, String ip) {

  /** Where a namespace sits on a path, which orders the hops of a request (replies go back the other way). */
  enum Role { FROM, FROM_NODE, NODE, TARGET }

  /** The namespace's name as {@code ip netns} shows it. */
  String name() {
    return netns.path().getFileName().toString();
  }

  Place as(Role r) {
    return new Place(label, netns, node, r, ip);
  }
}

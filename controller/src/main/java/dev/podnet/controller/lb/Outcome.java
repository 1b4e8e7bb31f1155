package dev.podnet.controller.lb;

import java.net.InetAddress;
import java.util.List;

/** What the allocator decided for one Service. */
sealed interface Outcome {

  /** {@code pool} is empty when the addresses are kept although no pool holds them any more. */
  record Assigned(List<InetAddress> ips, String pool) implements Outcome {}

  /** Pending: no address, and why, in words for the Service's Event. */
  record Failed(String reason) implements Outcome {}
}

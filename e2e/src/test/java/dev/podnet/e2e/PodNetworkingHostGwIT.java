package dev.podnet.e2e;

import dev.podnet.kernel.KernelTest;

/** The ported pod-networking checks with the host-gw backend. */
@KernelTest
class PodNetworkingHostGwIT extends PodNetworkingChecks {
  PodNetworkingHostGwIT() {
    super("host-gw", "hg");
  }
}

package dev.podnet.e2e;

import dev.podnet.kernel.KernelTest;

/** The ported pod-networking checks with the vxlan backend. */
@KernelTest
class PodNetworkingVxlanIT extends PodNetworkingChecks {
  PodNetworkingVxlanIT() {
    super("vxlan", "vx");
  }
}

package dev.podnet.e2e;

import dev.podnet.kernel.KernelTest;

/**
 * The ported pod-networking checks with the vxlan backend and {@code --datapath ebpf}: the socket
 * programs sit on every pod's connect() and sendmsg(), and must leave pod-to-pod, node-to-pod
 * and localhost traffic exactly as it was.
 */
@KernelTest
class PodNetworkingEbpfIT extends PodNetworkingChecks {
  PodNetworkingEbpfIT() {
    super("vxlan", "pe", "ebpf");
  }
}

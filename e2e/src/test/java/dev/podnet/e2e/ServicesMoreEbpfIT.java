package dev.podnet.e2e;

import dev.podnet.kernel.KernelTest;

/**
 * More of upstream's Service tests with {@code --datapath ebpf}: affinity, traffic policies,
 * terminating endpoints, the fixed-source-port UDP client and the rolling update, with the
 * pods' connections translated by the socket LB (externalTrafficPolicy's NodePorts stay on
 * nftables, as the datapath leaves them).
 */
@KernelTest
class ServicesMoreEbpfIT extends ServicesMoreChecks {
  ServicesMoreEbpfIT() {
    super("sme", "ebpf");
  }
}

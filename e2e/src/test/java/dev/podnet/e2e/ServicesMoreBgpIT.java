package dev.podnet.e2e;

import dev.podnet.kernel.KernelTest;

/**
 * More of upstream's Service tests with {@code --routing bgp}: affinity, traffic policies (the
 * client IP kept across nodes over plain BGP-learned routes), terminating endpoints, UDP
 * conntrack and the rolling update, as the issue asks every service test to pass on bgp.
 */
@KernelTest
class ServicesMoreBgpIT extends ServicesMoreChecks {
  ServicesMoreBgpIT() {
    super("smb", "nftables", "bgp");
  }
}

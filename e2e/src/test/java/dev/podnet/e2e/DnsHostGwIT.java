package dev.podnet.e2e;

import dev.podnet.kernel.KernelTest;

/** The cluster DNS checks with the host-gw backend. */
@KernelTest
class DnsHostGwIT extends DnsChecks {
  DnsHostGwIT() {
    super("host-gw", "dnshg");
  }
}

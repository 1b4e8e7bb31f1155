package dev.podnet.e2e;

import dev.podnet.kernel.KernelTest;

/** The cluster DNS checks (ported dns.go and the timings) with the vxlan backend. */
@KernelTest
class DnsIT extends DnsChecks {
  DnsIT() {
    super("vxlan", "dns");
  }
}

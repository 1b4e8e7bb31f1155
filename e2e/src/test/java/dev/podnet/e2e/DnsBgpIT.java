package dev.podnet.e2e;

import dev.podnet.kernel.KernelTest;

/** The cluster DNS checks with the bgp backend: queries to the DNS pods cross nodes over BGP-learned pod routes. */
@KernelTest
class DnsBgpIT extends DnsChecks {
  DnsBgpIT() {
    super("bgp", "dnsbgp");
  }
}

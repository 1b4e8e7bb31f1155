package dev.podnet.e2e;

import dev.podnet.kernel.KernelTest;

/** Pod-to-service (upstream's service.go ports) with the default nftables datapath. */
@KernelTest
class ServicesIT extends ServiceChecks {
  ServicesIT() {
    super("svc", "nftables");
  }
}

package dev.podnet.e2e;

import dev.podnet.kernel.KernelTest;

/** More of upstream's Service tests with the default nftables datapath. */
@KernelTest
class ServicesMoreIT extends ServicesMoreChecks {
  ServicesMoreIT() {
    super("svm", "nftables");
  }
}

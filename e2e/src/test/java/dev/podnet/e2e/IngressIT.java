package dev.podnet.e2e;

import dev.podnet.kernel.KernelTest;

/** The Ingress checks (ingress-controller-conformance and the issue's own) with the default VXLAN routing. */
@KernelTest
class IngressIT extends IngressChecks {
  IngressIT() {
    super("ing", "vxlan");
  }
}

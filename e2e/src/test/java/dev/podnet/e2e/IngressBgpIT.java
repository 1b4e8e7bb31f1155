package dev.podnet.e2e;

import dev.podnet.kernel.KernelTest;

/**
 * The Ingress checks (ingress-controller-conformance and the issue's own) with {@code --routing
 * bgp}: a controller pod reaches the backends on the other node over plain BGP-learned routes,
 * as the issue asks every conformance test to pass on bgp.
 */
@KernelTest
class IngressBgpIT extends IngressChecks {
  IngressBgpIT() {
    super("inb", "bgp");
  }
}

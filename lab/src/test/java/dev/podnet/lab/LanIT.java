package dev.podnet.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelException;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.Netns;
import org.junit.jupiter.api.Test;

/** The node LAN is a switch: it forwards frames without walking a host firewall. */
@KernelTest
class LanIT {
  private static final String BRIDGE_NF = "net.bridge.bridge-nf-call-iptables";
  private final IpKernel k = new IpKernel();

  @Test
  void theLanBridgesWithoutIpHooksWhileNodesKeepThemForTheirPodBridge() {
    try (Lab lab = LabTestSupport.lab("host-gw", 1)) {
      Netns node = lab.nodes().get(0).netns();
      assumeTrue(brNetfilterLoaded(node), "br_netfilter is not loaded: no bridge sees IP hooks, nothing to turn off");
      assertThat(k.sysctl(Netns.named(lab.names().lan()), BRIDGE_NF)).as("LAN namespace").isEqualTo("0");
      assertThat(k.sysctl(Netns.named(lab.names().lan()), "net.bridge.bridge-nf-call-ip6tables")).as("LAN namespace, IPv6").isEqualTo("0");
      assertThat(k.sysctl(node, BRIDGE_NF)).as("node namespace (cni0: a Service's reply between two pods of one node)").isEqualTo("1");
    }
  }

  private boolean brNetfilterLoaded(Netns ns) {
    try {
      k.sysctl(ns, BRIDGE_NF);
      return true;
    } catch (KernelException absent) {
      return false;
    }
  }
}

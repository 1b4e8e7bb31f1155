package dev.podnet.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class SilentUdpPortsTest {
  private static Pod pod(PodBuilder b) {
    return b.withNewMetadata().withNamespace("kube-system").withName("dns-1").endMetadata().build();
  }

  @Test
  void aPodWithoutUdpPortsGetsNoTable() {
    Pod tcpOnly = pod(new PodBuilder().withNewSpec().addNewContainer().withName("c").addNewPort().withContainerPort(8080).withProtocol("TCP").endPort()
        .endContainer().addNewContainer().withName("d").endContainer().endSpec());
    assertThat(SilentUdpPorts.plan(tcpOnly)).isEmpty();
  }

  @Test
  void everyContainersUdpPortsAreSilencedOnceAndTcpStaysRefusing() {
    Pod dns = pod(new PodBuilder().withNewSpec()
        .addNewContainer().withName("dns").addNewPort().withContainerPort(53).withProtocol("UDP").endPort()
        .addNewPort().withContainerPort(53).withProtocol("TCP").endPort().addNewPort().withContainerPort(9153).withProtocol("TCP").endPort().endContainer()
        .addNewContainer().withName("side").addNewPort().withContainerPort(5353).withProtocol("UDP").endPort()
        .addNewPort().withContainerPort(53).withProtocol("UDP").endPort().endContainer().endSpec());
    String script = SilentUdpPorts.plan(dns).orElseThrow();
    assertThat(script).contains("udp dport { 53, 5353 } jump unbound").doesNotContain("9153").doesNotContain("tcp");
    assertThat(script).startsWith("table inet podnet-pod {}\ndelete table inet podnet-pod\n");
    assertThat(script).contains("comment \"kube-system/dns-1: ");
  }
}

package dev.podnet.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PodCidrsTest {

  @Test
  void ipv4SubnetsCountUpFromTheClusterNetwork() {
    PodCidrs cidrs = PodCidrs.parse("10.244.0.0/16", 24);
    assertThat(cidrs.size()).isEqualTo(256);
    assertThat(cidrs.subnet(0)).isEqualTo("10.244.0.0/24");
    assertThat(cidrs.subnet(255)).isEqualTo("10.244.255.0/24");
    assertThat(cidrs.indexOf("10.244.7.0/24")).hasValue(7);
    assertThat(cidrs.indexOf("10.245.0.0/24")).isEmpty();
    assertThat(cidrs.indexOf("10.244.7.0/25")).isEmpty();
    assertThat(cidrs.lowestFree(Set.of("10.244.0.0/24", "10.244.2.0/24"))).contains("10.244.1.0/24");
  }

  @Test
  void ipv6SubnetsPrintCompressedAsKubernetesDoes() {
    PodCidrs cidrs = PodCidrs.parse("fd00:10:244::/56", 64);
    assertThat(cidrs.subnet(0)).isEqualTo("fd00:10:244::/64");
    assertThat(cidrs.subnet(3)).isEqualTo("fd00:10:244:3::/64");
    assertThat(cidrs.indexOf("fd00:10:244:3::/64")).hasValue(3);
    assertThat(PodCidrs.parse("2001:db8::1:0:0:1/128", 128).subnet(0)).isEqualTo("2001:db8::1:0:0:1/128");
  }

  @Test
  void hostBitsAreClearedAndNonsenseIsRefusedWithTheReason() {
    assertThat(PodCidrs.parse("10.244.3.7/16", 24).subnet(0)).isEqualTo("10.244.0.0/24");
    assertThatThrownBy(() -> PodCidrs.parse("10.244.0.0/16", 8)).hasMessageContaining("node mask size /8 does not fit in cluster CIDR /16");
    assertThatThrownBy(() -> PodCidrs.parse("example.com/16", 24)).hasMessageContaining("is not an IP address");
    assertThatThrownBy(() -> PodCidrs.parse("10.244.0.0", 24)).hasMessageContaining("has no prefix length");
  }
}

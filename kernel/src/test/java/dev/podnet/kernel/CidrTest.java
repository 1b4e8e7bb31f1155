package dev.podnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {
  @Test
  void cutsNodeSubnetsFromThePodCidr() {
    Cidr pods = Cidr.parse("10.244.0.0/16");
    assertThat(pods.subnet(24, 0)).hasToString("10.244.0.0/24");
    assertThat(pods.subnet(24, 3)).hasToString("10.244.3.0/24");
    assertThatThrownBy(() -> pods.subnet(24, 256)).hasMessageContaining("has only 256 /24 subnets");
  }

  @Test
  void sameCodePathForBothFamilies() {
    Cidr v6 = Cidr.parse("fd00:10:244::/56");
    assertThat(v6.subnet(64, 2)).hasToString("fd00:10:244:2:0:0:0:0/64");
    assertThat(v6.contains(Ip.parse("fd00:10:244:2::5"))).isTrue();
    assertThat(Cidr.parse("10.244.1.7/24").network()).hasToString("10.244.1.0/24");
    assertThat(Cidr.parse("10.244.1.0/24").addressAt(1).getHostAddress()).isEqualTo("10.244.1.1");
    assertThat(Cidr.parse("10.244.1.0/24").offsetOf(Ip.parse("10.244.1.200"))).isEqualTo(200);
  }

  @Test
  void badInputSaysWhatIsWrong() {
    assertThatThrownBy(() -> Cidr.parse("10.244.0.0/33")).hasMessageContaining("prefix length 33 out of range 0-32");
    assertThatThrownBy(() -> Cidr.parse("example.com/24")).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> Ip.parse("10.0.0.256")).hasMessageContaining("256 > 255");
  }
}

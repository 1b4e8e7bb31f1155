package dev.podnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IpTest {
  @Test
  void dottedQuadsParseAsTheJdkParsesThemAndEverythingElseIsRefusedWithoutALookup() throws Exception {
    Random r = new Random(4);
    for (int i = 0; i < 2000; i++) {
      String s = r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
      assertThat(Ip.parse(s)).isEqualTo(InetAddress.getByName(s));
    }
    assertThat(Ip.parse(" 010.1.2.3 ")).isEqualTo(InetAddress.getByName("10.1.2.3"));
    assertThat(Ip.parse("fd00::1")).isEqualTo(InetAddress.getByName("fd00::1"));
    for (String bad : new String[] {"256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3", "1.2.3.4a", "1234.1.1.1", "", "localhost"}) {
      assertThatThrownBy(() -> Ip.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address");
    }
  }
}

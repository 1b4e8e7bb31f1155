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

  @Test
  void textIsRfc5952AsGoAndKubectlPrintIt() {
    // the pairs from RFC 5952 section 4 and Go's net.IP.String tests
    String[][] cases = {
        {"2001:db8:0:0:0:0:2:1", "2001:db8::2:1"},
        {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
        {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},
        {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
        {"2001:DB8:0:0:0:0:0:1", "2001:db8::1"},
        {"0:0:0:0:0:0:0:0", "::"},
        {"0:0:0:0:0:0:0:1", "::1"},
        {"fd00:0:0:0:0:0:0:200", "fd00::200"},
        {"fe80:0:0:0:0:0:0:0", "fe80::"},
        {"2001:db8:a:b:c:d:e:0", "2001:db8:a:b:c:d:e:0"},
        {"0:1:0:0:1:0:0:0", "0:1:0:0:1::"},
        {"172.18.255.200", "172.18.255.200"},
    };
    for (String[] c : cases) {
      assertThat(Ip.text(Ip.parse(c[0]))).as(c[0]).isEqualTo(c[1]);
      assertThat(Ip.parse(Ip.text(Ip.parse(c[0])))).as("round trip of " + c[0]).isEqualTo(Ip.parse(c[0]));
    }
  }
}

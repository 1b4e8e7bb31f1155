package dev.podnet.api.metallb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressRangeTest {

  @Test
  void aRangeCountsBothEnds() {
    AddressRange r = AddressRange.parse("172.18.255.200-172.18.255.250");
    assertThat(r.size()).isEqualTo(BigInteger.valueOf(51));
    assertThat(r.address(BigInteger.ZERO).getHostAddress()).isEqualTo("172.18.255.200");
    assertThat(r.address(BigInteger.valueOf(50)).getHostAddress()).isEqualTo("172.18.255.250");
  }

  @Test
  void aCidrIsAlignedToItsPrefix() {
    AddressRange r = AddressRange.parse("10.250.0.7/24");
    assertThat(r.address(BigInteger.ZERO).getHostAddress()).isEqualTo("10.250.0.0");
    assertThat(r.size()).isEqualTo(BigInteger.valueOf(256));
  }

  @Test
  void ipv6UsesTheSameArithmetic() throws Exception {
    AddressRange r = AddressRange.parse("fd00::/120");
    assertThat(r.size()).isEqualTo(BigInteger.valueOf(256));
    assertThat(r.contains(InetAddress.getByName("fd00::ff"))).isTrue();
    assertThat(r.contains(InetAddress.getByName("172.18.255.200"))).isFalse();
  }

  @Test
  void overlapNeedsTheSameFamilyAndASharedAddress() {
    AddressRange a = AddressRange.parse("10.0.0.0/24");
    assertThat(a.overlaps(AddressRange.parse("10.0.0.255-10.0.1.3"))).isTrue();
    assertThat(a.overlaps(AddressRange.parse("10.0.1.0/24"))).isFalse();
    assertThat(a.overlaps(AddressRange.parse("::/0"))).isFalse();
  }

  @Test
  void badTextIsRefusedSayingWhatIsWrong() {
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.9-10.0.0.1")).hasMessageContaining("is after end");
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.1-fd00::1")).hasMessageContaining("different IP families");
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).hasMessageContaining("prefix length must be 0-32");
    assertThatThrownBy(() -> AddressRange.parse("example.com/24")).hasMessageContaining("invalid IP \"example.com\"");
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.1")).hasMessageContaining("expected ADDRESS/PREFIX");
  }

  @Test
  void buggyAddressesAreTheIpv4OnesEndingInZeroOr255() throws Exception {
    assertThat(AddressRange.isBuggy(InetAddress.getByName("10.0.1.0"))).isTrue();
    assertThat(AddressRange.isBuggy(InetAddress.getByName("10.0.1.255"))).isTrue();
    assertThat(AddressRange.isBuggy(InetAddress.getByName("10.0.1.1"))).isFalse();
  }

  /** The parser's only failure is its own IllegalArgumentException, whatever the text. */
  @Test
  void randomTextNeverThrowsAnythingElse() {
    Random random = new Random(12);
    String alphabet = "0123456789abcdef.:/- x";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(40);
      for (int j = 0; j < n; j++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      try {
        AddressRange.parse(b.toString());
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }
}

package dev.podnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frames come from anyone on the LAN: the parser reads real ones and turns anything else into empty, never an exception. */
class NdpPacketFuzzTest {
  private static final MacAddress ASKER = new MacAddress("0e:00:00:00:00:fe");
  private static final MacAddress NODE = new MacAddress("0e:00:00:00:00:02");

  /** What Linux sent for {@code ndisc6 fd00::2 lan1} from fe80::c00:ff:fe00:fe (captured with tcpdump -xx). */
  private static final String SOLICIT_2 = "3333ff000002" + "0e00000000fe" + "86dd" + "600fa01c00203aff"
      + "fe800000000000000c0000fffe0000fe" + "ff0200000000000000000001ff000002"
      + "8700631d00000000" + "fd000000000000000000000000000002" + "01010e00000000fe";
  /** Linux's own answer to it, from the node holding fd00::2 (same capture). */
  private static final String KERNEL_ADVERTISES_2 = "0e00000000fe" + "0e0000000002" + "86dd" + "6000000000203aff"
      + "fd000000000000000000000000000002" + "fe800000000000000c0000fffe0000fe"
      + "8800031d60000000" + "fd000000000000000000000000000002" + "02010e0000000002";
  /** {@code ndisc6 fd00::200 lan1}: an address no kernel holds, the one a LoadBalancer responder answers. */
  private static final String SOLICIT_200 = "3333ff000200" + "0e00000000fe" + "86dd" + "6005c6db00203aff"
      + "fe800000000000000c0000fffe0000fe" + "ff0200000000000000000001ff000200"
      + "87005f2100000000" + "fd000000000000000000000000000200" + "01010e00000000fe";

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Test
  void aCapturedSolicitationParsesAndTheAnswerIsByteForByteWhatLinuxSends() {
    byte[] frame = hex(SOLICIT_2);
    NdpPacket ns = NdpPacket.parse(frame, frame.length).orElseThrow();
    assertThat(ns.type()).isEqualTo(NdpPacket.Type.SOLICITATION);
    assertThat(ns.header().macSource()).isEqualTo(ASKER);
    assertThat(Ip.text(ns.header().source())).isEqualTo("fe80::c00:ff:fe00:fe");
    assertThat(Ip.text(ns.header().destination())).isEqualTo("ff02::1:ff00:2");
    assertThat(Ip.text(ns.target())).isEqualTo("fd00::2");
    assertThat(ns.linkLayer()).contains(ASKER);
    assertThat(ns.fromAddressedHost()).isTrue();
    assertThat(HexFormat.of().formatHex(ns.advertisementFrom(NODE).frame())).isEqualTo(KERNEL_ADVERTISES_2);
    byte[] kernel = hex(KERNEL_ADVERTISES_2);
    assertThat(NdpPacket.parse(kernel, kernel.length)).contains(ns.advertisementFrom(NODE));
  }

  @Test
  void theSolicitedNodeGroupAndItsEthernetAddressAreTheOnesTheAskerUses() {
    byte[] frame = hex(SOLICIT_200);
    NdpPacket ns = NdpPacket.parse(frame, frame.length).orElseThrow();
    assertThat(NdpPacket.solicitedNode(ns.target())).isEqualTo(ns.header().destination());
    assertThat(NdpPacket.multicastMac(NdpPacket.solicitedNode(ns.target()))).isEqualTo(ns.header().macDestination());
  }

  @Test
  void anUnsolicitedAdvertisementGoesToAllNodesWithOverrideAndNotSolicited() {
    Inet6Address ip = (Inet6Address) Ip.parse("fd00::200");
    byte[] frame = NdpPacket.unsolicited(ip, NODE).frame();
    assertThat(HexFormat.of().formatHex(frame, 0, 6)).isEqualTo("333300000001");
    NdpPacket na = NdpPacket.parse(frame, frame.length).orElseThrow();
    assertThat(na.type()).isEqualTo(NdpPacket.Type.ADVERTISEMENT);
    assertThat(na.header().destination()).isEqualTo(NdpPacket.ALL_NODES);
    assertThat(na.target()).isEqualTo(ip);
    assertThat(na.linkLayer()).contains(NODE);
    assertThat(na.override()).isTrue();
    assertThat(na.solicited()).isFalse();
  }

  @Test
  void framesRfc4861SaysToDropAreNotParsed() {
    byte[] frame = hex(SOLICIT_200);
    assertThat(NdpPacket.parse(frame, 77)).as("short").isEmpty();
    assertThat(NdpPacket.parse(frame, frame.length + 1)).as("length past the buffer").isEmpty();
    assertThat(NdpPacket.parse(Arrays.copyOf(frame, 90), 90)).as("Ethernet padding after the payload").isPresent();
    byte[] hop = frame.clone();
    hop[21] = 64; // hop limit not 255: it came through a router
    assertThat(NdpPacket.parse(hop, hop.length)).isEmpty();
    byte[] sum = frame.clone();
    sum[57] ^= 1;
    assertThat(NdpPacket.parse(sum, sum.length)).as("bad checksum").isEmpty();
    byte[] zeroOption = frame.clone();
    zeroOption[79] = 0; // an option of length 0 would loop forever
    assertThat(NdpPacket.parse(zeroOption, zeroOption.length)).isEmpty();
    byte[] echo = frame.clone();
    echo[54] = (byte) 128; // an echo request: ICMPv6, not NDP
    assertThat(NdpPacket.parse(echo, echo.length)).isEmpty();
  }

  @Test
  void aDuplicateAddressProbeIsParsedButIsNoHostToAnswer() {
    NdpPacket probe = new NdpPacket(NdpPacket.Type.SOLICITATION, new NdpPacket.Header(ASKER, new MacAddress("33:33:ff:00:02:00"),
        (Inet6Address) Ip.parse("::"), (Inet6Address) Ip.parse("ff02::1:ff00:200")), (Inet6Address) Ip.parse("fd00::200"), Optional.empty(),
        false, false);
    byte[] frame = probe.frame();
    assertThat(NdpPacket.parse(frame, frame.length)).contains(probe);
    assertThat(probe.fromAddressedHost()).isFalse();
    NdpPacket withOption = new NdpPacket(probe.type(), probe.header(), probe.target(), Optional.of(ASKER), false, false);
    byte[] bad = withOption.frame();
    assertThat(NdpPacket.parse(bad, bad.length)).as("unspecified source with a source link-layer option").isEmpty();
  }

  @Test
  void randomAndMutatedFramesNeverThrow() {
    Random r = new Random(58);
    byte[][] seeds = {hex(SOLICIT_2), hex(SOLICIT_200), hex(KERNEL_ADVERTISES_2)};
    int parsed = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] b;
      if (i % 4 == 0) {
        b = new byte[r.nextInt(120)];
        r.nextBytes(b);
      } else {
        byte[] seed = seeds[i % 3];
        b = Arrays.copyOf(seed, seed.length + r.nextInt(20));
        for (int k = r.nextInt(3); k > 0; k--) {
          b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        }
      }
      Optional<NdpPacket> p = NdpPacket.parse(b, r.nextInt(b.length + 2));
      if (p.isPresent()) {
        parsed++;
        byte[] again = p.get().frame();
        assertThat(NdpPacket.parse(again, again.length)).contains(p.get());
      }
    }
    // a flipped bit almost always breaks the checksum: the ones that parse are mostly unmutated or padded seeds
    assertThat(parsed).as("frames that are still NDP").isGreaterThan(1000);
  }
}

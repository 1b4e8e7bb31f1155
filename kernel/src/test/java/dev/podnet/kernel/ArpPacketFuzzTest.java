package dev.podnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frames come from anyone on the LAN: the parser reads real ones and turns anything else into empty, never an exception. */
class ArpPacketFuzzTest {
  private static final MacAddress ASKER = new MacAddress("0e:00:00:00:00:fe");
  private static final MacAddress NODE = new MacAddress("0e:00:00:00:00:02");

  /** What {@code arping -c1 -I eth0 172.18.255.200} from 172.18.0.254 puts on the wire (captured with tcpdump -xx). */
  private static final String WHO_HAS = "ffffffffffff0e00000000fe08060001080006040001" + "0e00000000feac1200fe" + "000000000000ac12ffc8";

  @Test
  void aCapturedRequestParsesAndItsReplyGoesToTheAskerAlone() {
    byte[] frame = HexFormat.of().parseHex(WHO_HAS);
    ArpPacket req = ArpPacket.parse(frame, frame.length).orElseThrow();
    assertThat(req.op()).isEqualTo(ArpPacket.Op.REQUEST);
    assertThat(req.senderMac()).isEqualTo(ASKER);
    assertThat(req.senderIp().getHostAddress()).isEqualTo("172.18.0.254");
    assertThat(req.targetIp().getHostAddress()).isEqualTo("172.18.255.200");
    byte[] reply = req.replyFrom(NODE).frame();
    assertThat(HexFormat.of().formatHex(reply)).isEqualTo(
        "0e00000000fe" + "0e0000000002" + "0806" + "0001080006040002" + "0e0000000002ac12ffc8" + "0e00000000feac1200fe");
    assertThat(ArpPacket.parse(reply, reply.length)).contains(req.replyFrom(NODE));
  }

  @Test
  void aGratuitousArpIsABroadcastRequestForTheAddressItself() {
    Inet4Address ip = (Inet4Address) Ip.parse("172.18.255.201");
    byte[] frame = ArpPacket.gratuitous(ip, NODE).frame();
    assertThat(HexFormat.of().formatHex(frame, 0, 6)).isEqualTo("ffffffffffff");
    ArpPacket p = ArpPacket.parse(frame, frame.length).orElseThrow();
    assertThat(p.senderIp()).isEqualTo(ip);
    assertThat(p.targetIp()).isEqualTo(ip);
    assertThat(p.senderMac()).isEqualTo(NODE);
  }

  @Test
  void otherFramesAreNotArpThisNodeAnswers() {
    byte[] frame = HexFormat.of().parseHex(WHO_HAS);
    assertThat(ArpPacket.parse(frame, 41)).as("short").isEmpty();
    assertThat(ArpPacket.parse(frame, 43)).as("length past the buffer").isEmpty();
    byte[] ipv4 = frame.clone();
    ipv4[13] = 0x00; // ethertype 0x0800
    assertThat(ArpPacket.parse(ipv4, ipv4.length)).isEmpty();
    byte[] rarp = frame.clone();
    rarp[21] = 3; // op 3: RARP request
    assertThat(ArpPacket.parse(rarp, rarp.length)).isEmpty();
    byte[] padded = java.util.Arrays.copyOf(frame, 60); // the minimum Ethernet frame, as it arrives from a real NIC
    assertThat(ArpPacket.parse(padded, padded.length)).isPresent();
  }

  @Test
  void randomAndMutatedFramesNeverThrow() {
    Random r = new Random(12);
    byte[] seed = HexFormat.of().parseHex(WHO_HAS);
    int parsed = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] b;
      if (i % 2 == 0) {
        b = new byte[r.nextInt(80)];
        r.nextBytes(b);
      } else {
        b = java.util.Arrays.copyOf(seed, 42 + r.nextInt(20));
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
          b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        }
      }
      Optional<ArpPacket> p = ArpPacket.parse(b, r.nextInt(b.length + 2));
      if (p.isPresent()) {
        parsed++;
        byte[] again = p.get().frame();
        // what parses re-encodes to a frame that parses to the same packet (requests are re-addressed to broadcast)
        assertThat(ArpPacket.parse(again, again.length)).contains(p.get());
      }
    }
    assertThat(parsed).as("mutations of a real request that are still ARP").isGreaterThan(1000);
  }
}

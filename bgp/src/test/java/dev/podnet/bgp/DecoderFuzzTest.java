package dev.podnet.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated bytes: the decoder answers each with a message, "need more", or a
 * {@link BgpException} whose NOTIFICATION code is one RFC 4271 defines, and never hangs.
 */
class DecoderFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 14L);

  @Test
  @Timeout(60)
  void randomBytesAfterAValidHeaderNeverEscapeAsAnotherException() {
    Random r = new Random(SEED);
    for (int i = 0; i < 100_000; i++) {
      int len = 19 + r.nextInt(200);
      byte[] b = new byte[len];
      r.nextBytes(b);
      for (int j = 0; j < 16; j++) {
        b[j] = (byte) 0xff;
      }
      b[16] = (byte) (len >> 8);
      b[17] = (byte) len;
      b[18] = (byte) (1 + r.nextInt(5));
      decodeAll(b, r.nextBoolean());
    }
  }

  @Test
  @Timeout(60)
  void mutatedValidMessagesNeverEscapeAsAnotherException() throws Exception {
    Random r = new Random(SEED);
    List<byte[]> seeds = seeds();
    for (int i = 0; i < 150_000; i++) {
      byte[] b = seeds.get(r.nextInt(seeds.size())).clone();
      int flips = 1 + r.nextInt(4);
      for (int f = 0; f < flips; f++) {
        int at = 16 + r.nextInt(b.length - 16);
        b[at] = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : (byte) (b[at] ^ (1 << r.nextInt(8)));
      }
      decodeAll(b, r.nextBoolean());
    }
  }

  @Test
  @Timeout(30)
  void wholyRandomStreamsNeverEscapeAsAnotherException() {
    Random r = new Random(SEED);
    for (int i = 0; i < 100_000; i++) {
      byte[] b = new byte[r.nextInt(64)];
      r.nextBytes(b);
      decodeAll(b, true);
    }
  }

  private static void decodeAll(byte[] b, boolean fourOctet) {
    ByteBuf in = Unpooled.wrappedBuffer(b);
    WireOptions o = fourOctet ? WireOptions.FOUR_OCTET : WireOptions.BEFORE_OPEN;
    try {
      while (in.isReadable()) {
        int before = in.readerIndex();
        Message m = Codec.decodeFrame(in, o);
        if (m == null) {
          return;
        }
        assertThat(in.readerIndex()).as("progress").isGreaterThan(before);
        // whatever decodes must encode again: values are complete
        Codec.encode(m, o, Unpooled.buffer());
      }
    } catch (BgpException e) {
      assertThat(e.code()).isBetween(1, 7);
    }
  }

  private static List<byte[]> seeds() throws Exception {
    InetAddress nh4 = InetAddress.getByName("172.18.0.3");
    InetAddress nh6 = InetAddress.getByName("fd00::3");
    PathAttributes a = PathAttributes.local().withAsPath(AsPath.of(4200000000L, 65001)).withMed(OptionalLong.of(5))
        .withLocalPref(OptionalLong.of(200)).withCommunities(List.of(Community.parse("64500:100")));
    List<Message> ms = List.of(
        Message.Update.announce(List.of(Prefix.parse("10.244.1.0/24"), Prefix.parse("fd00:1::/64")), a,
            Map.of(Family.IPV4_UNICAST, nh4, Family.IPV6_UNICAST, nh6)),
        Message.Update.withdraw(List.of(Prefix.parse("10.244.1.0/24"), Prefix.parse("fd00:1::/64"))),
        Message.Update.endOfRib(Family.IPV6_UNICAST),
        new Message.Open(4, 64512, 90, (java.net.Inet4Address) InetAddress.getByName("10.0.0.1"), List.of(
            Capability.Multiprotocol.of(Family.IPV6_UNICAST), new Capability.FourOctetAs(64512), new Capability.RouteRefresh(),
            new Capability.GracefulRestart(true, 120, Map.of(Family.IPV4_UNICAST, true)))),
        new Message.Notification(6, 2, new byte[] {1, 2}),
        new Message.RouteRefresh(1, 1),
        Message.Keepalive.INSTANCE);
    List<byte[]> out = new ArrayList<>();
    for (Message m : ms) {
      for (WireOptions o : List.of(WireOptions.FOUR_OCTET, WireOptions.BEFORE_OPEN)) {
        ByteBuf buf = Unpooled.buffer();
        Codec.encode(m, o, buf);
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        out.add(b);
      }
    }
    return out;
  }
}

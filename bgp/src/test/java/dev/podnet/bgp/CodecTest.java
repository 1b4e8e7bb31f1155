package dev.podnet.bgp;

import static dev.podnet.bgp.Wire.MARKER;
import static dev.podnet.bgp.Wire.decode;
import static dev.podnet.bgp.Wire.encode;
import static dev.podnet.bgp.Wire.hex;
import static dev.podnet.bgp.Wire.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CodecTest {
  static final Inet4Address ID = (Inet4Address) addr("10.0.0.1");

  static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  @Test
  void keepaliveIsJustTheHeader() {
    assertThat(encode(Message.Keepalive.INSTANCE)).isEqualTo(MARKER + "001304");
    assertThat(decode(MARKER + "001304")).isEqualTo(Message.Keepalive.INSTANCE);
  }

  @Test
  void openCarriesCapabilitiesInOptionalParameterTwo() {
    Message.Open open = new Message.Open(4, 64512, 90, ID,
        List.of(Capability.Multiprotocol.of(Family.IPV4_UNICAST), new Capability.FourOctetAs(64512)));
    String bytes = MARKER + "002b01" + "04" + "fc00" + "005a" + "0a000001" + "0e" + "020c" + "010400010001" + "41040000fc00";
    assertThat(encode(open)).isEqualTo(bytes);
    assertThat(decode(bytes)).isEqualTo(open);
  }

  @Test
  void openOfAFourOctetSpeakerSaysAsTransAndTheCapabilityHasTheRealAs() {
    String bytes = message(1, "04" + "5ba0" + "00b4" + "0a000002" + "08" + "0206" + "4104fa56ea00");
    Message.Open open = (Message.Open) decode(bytes);
    assertThat(open.myAs()).isEqualTo(Codec.AS_TRANS);
    assertThat(open.asn()).isEqualTo(4200000000L);
  }

  @Test
  void gracefulRestartCapabilityRoundTripsRestartBitTimeAndForwardingBits() {
    var gr = new Capability.GracefulRestart(true, 120, Map.of(Family.IPV4_UNICAST, true, Family.IPV6_UNICAST, false));
    Message.Open open = new Message.Open(4, 64512, 90, ID, List.of(gr, new Capability.RouteRefresh()));
    String bytes = encode(open);
    assertThat(bytes).contains("400a" + "8078" + "00010180" + "00020100").contains("0200");
    assertThat(decode(bytes)).isEqualTo(open);
  }

  @Test
  void unknownCapabilitiesAreKeptNotRefused() {
    Message.Open open = (Message.Open) decode(message(1, "04fc00005a0a000001" + "05" + "0203" + "490100"));
    assertThat(open.capabilities()).containsExactly(new Capability.Unknown(73, hex("00")));
  }

  @Test
  void openErrorsNameTheirSubcodes() {
    assertError(message(1, "03fc00005a0a00000100"), 2, 1);
    assertThatThrownBy(() -> decode(message(1, "03fc00005a0a00000100")))
        .satisfies(e -> assertThat(((BgpException) e).notification().data()).containsExactly(0, 4));
    assertError(message(1, "04fc0000020a00000100"), 2, 6);
    assertError(message(1, "04fc00005a0000000000"), 2, 3);
    assertError(message(1, "04fc00005a0a000001" + "03" + "010100"), 2, 4);
    assertError(message(1, "04fc00005a0a000001" + "05" + "0203" + "010200"), 2, 0);
    assertError(message(1, "04fc00005a0a000001" + "09" + "0203" + "010200"), 2, 0);
  }

  @Test
  void headerErrorsAreMessageHeaderErrors() {
    assertError("00" + MARKER.substring(2) + "001304", 1, 1);
    assertError(MARKER + "001204", 1, 2);
    assertError(MARKER + "100104", 1, 2);
    assertError(MARKER + "001309", 1, 3);
    assertError(MARKER + "00140400", 1, 2);
    assertError(MARKER + "001601000000", 1, 2);
    assertError(MARKER + "00140306", 1, 2);
  }

  @Test
  void badLengthFieldIsEchoedAsData() {
    assertThatThrownBy(() -> decode(MARKER + "001204"))
        .satisfies(e -> assertThat(((BgpException) e).notification().data()).containsExactly(0, 0x12));
  }

  @Test
  void routeRefreshIsAfiReservedSafiAndItsLengthIsChecked() {
    assertThat(encode(new Message.RouteRefresh(2, 1))).isEqualTo(MARKER + "00170500020001");
    assertThat(decode(MARKER + "00170500020001")).isEqualTo(new Message.RouteRefresh(2, 1));
    assertError(MARKER + "0018050002000100", 7, 1);
  }

  @Test
  void notificationCarriesCodeSubcodeAndData() {
    var n = new Message.Notification(6, 2, hex("0102"));
    assertThat(encode(n)).isEqualTo(MARKER + "0017030602" + "0102");
    assertThat(decode(MARKER + "0017030602" + "0102")).isEqualTo(n);
  }

  @Test
  void ipv4UpdateCarriesEveryAttributeInTypeOrder() {
    PathAttributes a = PathAttributes.local().withAsPath(AsPath.of(65001, 65002)).withMed(OptionalLong.of(5))
        .withLocalPref(OptionalLong.of(200)).withCommunities(List.of(Community.parse("64500:100")));
    var u = Message.Update.announce(List.of(Prefix.parse("10.244.1.0/24")), a, Map.of(Family.IPV4_UNICAST, addr("172.18.0.3")));
    String attrs = "400101" + "00" + "40020a" + "0202" + "0000fde9" + "0000fdea" + "400304" + "ac120003"
        + "800404" + "00000005" + "400504" + "000000c8" + "c00804" + "fbf40064";
    String bytes = Wire.update("", attrs, "180af401");
    assertThat(encode(u)).isEqualTo(bytes);
    assertThat(decode(bytes)).isEqualTo(u);
  }

  @Test
  void ipv6TravelsInMpReachAndMpUnreach() {
    var u = Message.Update.announce(List.of(Prefix.parse("fd00:10:244:1::/64")), PathAttributes.local(),
        Map.of(Family.IPV6_UNICAST, addr("fd00::3")));
    String bytes = encode(u);
    assertThat(bytes).contains("800e1e000201" + "10" + "fd000000000000000000000000000003" + "00" + "40" + "fd00001002440001");
    assertThat(decode(bytes)).isEqualTo(u);
    var w = Message.Update.withdraw(List.of(Prefix.parse("fd00:10:244:1::/64"), Prefix.parse("10.1.0.0/16")));
    Message.Update back = (Message.Update) decode(encode(w));
    assertThat(back.withdrawn()).containsExactlyInAnyOrderElementsOf(w.withdrawn());
    assertThat(encode(w)).contains("800f0c000201" + "40fd00001002440001");
  }

  @Test
  void endOfRibIsAnEmptyUpdateForIpv4AndAnEmptyMpUnreachOtherwise() {
    assertThat(encode(Message.Update.endOfRib(Family.IPV4_UNICAST))).isEqualTo(Wire.update("", "", ""));
    assertThat(encode(Message.Update.endOfRib(Family.IPV6_UNICAST))).isEqualTo(Wire.update("", "800f03000201", ""));
    assertThat(decode(Wire.update("", "", ""))).isEqualTo(Message.Update.endOfRib(Family.IPV4_UNICAST));
    assertThat(decode(Wire.update("", "800f03000201", ""))).isEqualTo(Message.Update.endOfRib(Family.IPV6_UNICAST));
  }

  @Test
  void twoOctetPeersGetAsTransInAsPathAndTheRealPathInAs4Path() {
    PathAttributes a = PathAttributes.local().withAsPath(AsPath.of(4200000000L, 65001));
    var u = Message.Update.announce(List.of(Prefix.parse("10.0.0.0/8")), a, Map.of(Family.IPV4_UNICAST, addr("192.0.2.1")));
    String bytes = encode(u, WireOptions.BEFORE_OPEN);
    assertThat(bytes).contains("400206" + "0202" + "5ba0" + "fde9").contains("c0110a" + "0202" + "fa56ea00" + "0000fde9");
    assertThat(decode(bytes, WireOptions.BEFORE_OPEN)).isEqualTo(u);
  }

  @Test
  void bigAnnouncementsAreSplitIntoUpdatesThatFit() {
    List<Prefix> many = new java.util.ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      many.add(Prefix.parse("10." + (i >> 8) + "." + (i & 0xff) + ".0/24"));
    }
    var u = Message.Update.announce(many, PathAttributes.local(), Map.of(Family.IPV4_UNICAST, addr("192.0.2.1")));
    List<Message.Update> parts = UpdateEncoder.split(u, WireOptions.FOUR_OCTET);
    assertThat(parts).hasSizeGreaterThan(1);
    assertThat(parts.stream().mapToInt(p -> encode(p).length() / 2).max().orElseThrow()).isLessThanOrEqualTo(4096);
    assertThat(parts.stream().flatMap(p -> p.announced().stream())).containsExactlyElementsOf(many);
  }

  @Test
  void partialMessagesWaitForTheirRest() {
    var in = io.netty.buffer.Unpooled.wrappedBuffer(hex(MARKER + "0017030602"));
    assertThat(Codec.decodeFrame(in, WireOptions.FOUR_OCTET)).isNull();
    assertThat(in.readerIndex()).isZero();
  }

  static void assertError(String bytes, int code, int subcode) {
    assertThatThrownBy(() -> decode(bytes)).isInstanceOf(BgpException.class)
        .satisfies(e -> assertThat(List.of(((BgpException) e).code(), ((BgpException) e).subcode())).containsExactly(code, subcode));
  }
}

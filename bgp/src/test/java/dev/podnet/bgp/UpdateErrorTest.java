package dev.podnet.bgp;

import static dev.podnet.bgp.CodecTest.assertError;
import static dev.podnet.bgp.Wire.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4271 6.3 and RFC 7606: which malformed UPDATEs reset the session and which only withdraw. */
class UpdateErrorTest {
  static final String ORIGIN = "40010100";
  static final String AS_PATH = "4002060201" + "0000fde9".substring(0, 8);
  static final String NEXT_HOP = "400304ac120003";
  static final String NLRI = "180af401";
  static final Prefix P = Prefix.parse("10.244.1.0/24");

  static Message.Update ok(String attributes) {
    return (Message.Update) decode(update("", attributes, NLRI));
  }

  static void assertWithdrawn(String attributes, String why) {
    Message.Update u = ok(attributes);
    assertThat(u.treatedAsWithdraw()).as("treat-as-withdraw").isTrue();
    assertThat(u.announced()).isEmpty();
    assertThat(u.withdrawn()).containsExactly(P);
    assertThat(u.errors()).anyMatch(e -> e.contains(why));
  }

  @Test
  void wellFormedUpdateAnnounces() {
    Message.Update u = ok(ORIGIN + AS_PATH + NEXT_HOP);
    assertThat(u.announced()).containsExactly(P);
    assertThat(u.errors()).isEmpty();
    assertThat(u.attributes().orElseThrow().asPath()).isEqualTo(AsPath.of(65001));
  }

  @Test
  void invalidOriginValueWithdrawsInsteadOfResetting() {
    assertWithdrawn("40010103" + AS_PATH + NEXT_HOP, "ORIGIN");
  }

  @Test
  void originOfWrongLengthWithdraws() {
    assertWithdrawn("4001020000" + AS_PATH + NEXT_HOP, "ORIGIN of length 2");
  }

  @Test
  void wellKnownAttributeMarkedOptionalIsAFlagsErrorThatWithdraws() {
    assertWithdrawn("c0010100" + AS_PATH + NEXT_HOP, "flags 0xc0");
  }

  @Test
  void missingNextHopWithdraws() {
    assertWithdrawn(ORIGIN + AS_PATH, "missing well-known attribute NEXT_HOP");
  }

  @Test
  void missingOriginWithdraws() {
    assertWithdrawn(AS_PATH + NEXT_HOP, "missing well-known attribute ORIGIN");
  }

  @Test
  void asPathSegmentRunningPastItsAttributeWithdraws() {
    assertWithdrawn(ORIGIN + "4002060203" + "0000fde9" + NEXT_HOP, "AS_PATH");
  }

  @Test
  void asPathWithUnknownSegmentTypeWithdraws() {
    assertWithdrawn(ORIGIN + "4002060501" + "0000fde9" + NEXT_HOP, "AS_PATH");
  }

  @Test
  void zeroNextHopIsSemanticallyInvalidAndWithdraws() {
    assertWithdrawn(ORIGIN + AS_PATH + "40030400000000", "NEXT_HOP 0.0.0.0");
  }

  @Test
  void medOfWrongLengthWithdraws() {
    assertWithdrawn(ORIGIN + AS_PATH + NEXT_HOP + "800402" + "0001", "MULTI_EXIT_DISC");
  }

  @Test
  void communitiesNotAMultipleOfFourWithdraw() {
    assertWithdrawn(ORIGIN + AS_PATH + NEXT_HOP + "c00803" + "010203", "COMMUNITIES");
  }

  @Test
  void attributeLengthOverrunningTheSectionWithdraws() {
    assertWithdrawn(ORIGIN + AS_PATH + NEXT_HOP + "c008ff" + "01020304", "overruns");
  }

  @Test
  void truncatedAttributeHeaderWithdraws() {
    assertWithdrawn(ORIGIN + AS_PATH + NEXT_HOP + "c0", "attribute header");
  }

  @Test
  void malformedOriginatorIdWithdraws() {
    assertWithdrawn(ORIGIN + AS_PATH + NEXT_HOP + "800903" + "0a0000", "ORIGINATOR_ID");
  }

  @Test
  void clusterListNotAMultipleOfFourWithdraws() {
    assertWithdrawn(ORIGIN + AS_PATH + NEXT_HOP + "800a05" + "0a00000101", "CLUSTER_LIST");
  }

  @Test
  void duplicateAttributeIsDiscardedAndTheUpdateStands() {
    Message.Update u = ok(ORIGIN + "40010102" + AS_PATH + NEXT_HOP);
    assertThat(u.announced()).containsExactly(P);
    assertThat(u.attributes().orElseThrow().origin()).isEqualTo(Origin.IGP);
    assertThat(u.errors()).containsExactly("attribute discard: duplicate attribute 1");
  }

  @Test
  void malformedAs4PathIsDiscardedAlone() {
    Message.Update u = ok(ORIGIN + AS_PATH + NEXT_HOP + "c01103" + "020100");
    assertThat(u.announced()).containsExactly(P);
    assertThat(u.errors()).containsExactly("attribute discard: malformed AS4_PATH");
  }

  @Test
  void unknownOptionalTransitiveAttributeIsKeptWithThePartialBit() {
    Message.Update u = ok(ORIGIN + AS_PATH + NEXT_HOP + "c06302" + "abcd");
    assertThat(u.attributes().orElseThrow().other()).containsExactly(new RawAttribute(0xe0, 0x63, Wire.hex("abcd")));
  }

  @Test
  void unknownOptionalNonTransitiveAttributeIsDropped() {
    assertThat(ok(ORIGIN + AS_PATH + NEXT_HOP + "806302" + "abcd").attributes().orElseThrow().other()).isEmpty();
  }

  @Test
  void unrecognizedWellKnownAttributeResetsWithTheAttributeAsData() {
    String bad = "406302abcd";
    assertError(update("", ORIGIN + AS_PATH + NEXT_HOP + bad, NLRI), 3, 2);
    assertThatThrownBy(() -> decode(update("", ORIGIN + AS_PATH + NEXT_HOP + bad, NLRI)))
        .satisfies(e -> assertThat(Wire.hex(((BgpException) e).notification().data())).isEqualTo(bad));
  }

  @Test
  void withdrawnLengthPastTheMessageIsAMalformedAttributeList() {
    assertError(Wire.message(2, "0040" + "0000"), 3, 1);
  }

  @Test
  void attributeLengthPastTheMessageIsAMalformedAttributeList() {
    assertError(Wire.message(2, "0000" + "0040" + ORIGIN), 3, 1);
  }

  @Test
  void prefixLongerThan32BitsIsAnInvalidNetworkField() {
    assertError(update("", ORIGIN + AS_PATH + NEXT_HOP, "210af40100aa"), 3, 10);
    assertError(update("21", "", ""), 3, 10);
  }

  @Test
  void prefixShorterThanItsLengthSaysIsAnInvalidNetworkField() {
    assertError(update("", ORIGIN + AS_PATH + NEXT_HOP, "180af4"), 3, 10);
  }

  @Test
  void duplicateMpReachResets() {
    String mp = "800e09" + "000101" + "04" + "0a000001" + "00";
    assertError(update("", ORIGIN + AS_PATH + mp + mp, ""), 3, 1);
  }

  @Test
  void mpReachWithImpossibleNextHopLengthIsAnOptionalAttributeError() {
    assertError(update("", ORIGIN + AS_PATH + "800e0a" + "000201" + "05" + "0102030405" + "00"), 3, 9);
  }

  @Test
  void mpReachOfAFamilyNeverNegotiatedIsAnOptionalAttributeError() {
    assertError(update("", ORIGIN + AS_PATH + "800e09" + "001947" + "04" + "0a000001" + "00"), 3, 9);
  }

  @Test
  void mpReachWithFlagsWrongResetsBecauseItsPrefixesCannotBeTrusted() {
    assertError(update("", ORIGIN + AS_PATH + "400e09" + "000201" + "04" + "0a000001" + "00"), 3, 4);
  }

  @Test
  void treatAsWithdrawAlsoWithdrawsMpReachPrefixes() {
    String mp = "800e1e000201" + "10" + "fd000000000000000000000000000003" + "00" + "40" + "fd00001002440001";
    Message.Update u = (Message.Update) decode(update("", "40010109" + AS_PATH + mp, ""));
    assertThat(u.announced()).isEmpty();
    assertThat(u.withdrawn()).containsExactly(Prefix.parse("fd00:10:244:1::/64"));
  }

  static String update(String withdrawn, String attributes) {
    return Wire.update(withdrawn, attributes, "");
  }

  static String update(String withdrawn, String attributes, String nlri) {
    return Wire.update(withdrawn, attributes, nlri);
  }

  @Test
  void prefixesAreCanonicalEvenWhenHostBitsAreSent() {
    Message.Update u = ok(ORIGIN + AS_PATH + NEXT_HOP);
    assertThat(((Message.Update) decode(Wire.update("", ORIGIN + AS_PATH + NEXT_HOP, "170af401"))).announced())
        .containsExactly(Prefix.parse("10.244.0.0/23"));
    assertThat(u.announced()).isEqualTo(List.of(P));
  }
}

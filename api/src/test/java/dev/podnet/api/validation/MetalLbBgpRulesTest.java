package dev.podnet.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.api.metallb.BgpAdvertisement;
import dev.podnet.api.metallb.BgpPeer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetalLbBgpRulesTest {

  private static BgpPeer peer(String spec) {
    return Json.read("""
        {"apiVersion":"metallb.io/v1beta2","kind":"BGPPeer","metadata":{"name":"edge","namespace":"metallb-system"},"spec":{%s}}"""
        .formatted(spec), BgpPeer.class);
  }

  private static BgpAdvertisement adv(String spec) {
    return Json.read("""
        {"apiVersion":"metallb.io/v1beta1","kind":"BGPAdvertisement","metadata":{"name":"bgp","namespace":"metallb-system"},"spec":{%s}}"""
        .formatted(spec), BgpAdvertisement.class);
  }

  private static List<String> errors(HasMetadata o) {
    return Validation.validate(o).stream().map(FieldError::toString).toList();
  }

  @Test
  void metalLbsDocumentedPeerIsValidAndReadsItsTimers() {
    BgpPeer p = peer("""
        "myASN":64512,"peerASN":64500,"peerAddress":"172.18.0.253","peerPort":179,"holdTime":"1m30s","keepaliveTime":"30s",
        "password":"secret","ebgpMultiHop":true,"nodeSelectors":[{"matchLabels":{"rack":"a"}}]""");
    assertThat(errors(p)).isEmpty();
    assertThat(p.getSpec().hold()).isEqualTo(Duration.ofSeconds(90));
    assertThat(p.getSpec().port()).isEqualTo(179);
    assertThat(p.getSpec().passwordSet()).contains("secret");
  }

  @Test
  void aPeerWithoutAsesOrAddressSaysWhatIsMissing() {
    assertThat(errors(peer("\"peerAddress\":\"router\""))).containsExactly(
        "spec.myASN: Required value: an AS number 1-4294967295",
        "spec.peerASN: Required value: an AS number 1-4294967295",
        "spec.peerAddress: Invalid value: \"router\": must be an IP address");
  }

  @Test
  void timersBgpCannotNegotiateAreRefused() {
    assertThat(errors(peer("\"myASN\":64512,\"peerASN\":64500,\"peerAddress\":\"10.0.0.1\",\"holdTime\":\"2s\",\"connectTime\":\"soon\"")))
        .containsExactly("spec.connectTime: Invalid value: \"soon\": duration 'soon' is not a Go duration: write e.g. 90s, 1m30s or 500ms",
            "spec.holdTime: Invalid value: \"2s\": must be 0 (no keepalives) or between 3s and 65535s (RFC 4271)");
    assertThat(errors(peer("\"myASN\":64512,\"peerASN\":64500,\"peerAddress\":\"10.0.0.1\",\"holdTime\":\"9s\",\"keepaliveTime\":\"10s\"")))
        .containsExactly("spec.keepaliveTime: Invalid value: \"10s\": must be lower than holdTime 9s");
    assertThat(errors(peer("\"myASN\":4294967296,\"peerASN\":64500,\"peerAddress\":\"10.0.0.1\",\"peerPort\":0"))).containsExactly(
        "spec.myASN: Invalid value: 4294967296: must be between 1 and 4294967295", "spec.peerPort: Invalid value: 0: must be between 1 and 65535");
  }

  @Test
  void anAdvertisementWithMetalLbsFieldsIsValid() {
    BgpAdvertisement a = adv("""
        "ipAddressPools":["bgp"],"aggregationLength":32,"aggregationLengthV6":128,"localPref":100,"communities":["64500:100"],"peers":["edge"]""");
    assertThat(errors(a)).isEmpty();
    assertThat(a.getSpec().aggregation(32)).isEqualTo(32);
    assertThat(adv("").getSpec().aggregation(128)).isEqualTo(128);
  }

  @Test
  void badAggregationAndCommunitiesAreNamedWithTheirFields() {
    assertThat(errors(adv("\"aggregationLength\":33,\"communities\":[\"64500:70000\",\"large:1:2:3\",\"no-advertise\"]"))).containsExactly(
        "spec.aggregationLength: Invalid value: 33: must be between 0 and 32",
        "spec.communities[0]: Invalid value: \"64500:70000\": must be a standard community ASN:VALUE with both halves 0-65535, e.g. 64500:100 "
            + "(podnet serves no Community kind to name one by)",
        "spec.communities[1]: Invalid value: \"large:1:2:3\": large communities are not supported: use a standard community ASN:VALUE, e.g. 64500:100",
        "spec.communities[2]: Invalid value: \"no-advertise\": must be a standard community ASN:VALUE with both halves 0-65535, e.g. 64500:100 "
            + "(podnet serves no Community kind to name one by)");
  }

  @Test
  void metalLbsPeerIsCalledByItsGroupAndStoredApartFromCalicos() {
    assertThat(Resources.byName("bgppeers.metallb.io")).contains(Resources.METALLB_BGPPEERS);
    assertThat(Resources.byName("bgpadvertisements")).contains(Resources.BGPADVERTISEMENTS);
    assertThat(Resources.METALLB_BGPPEERS.key("metallb-system", "edge")).isEqualTo("/registry/metallb.io/bgppeers/metallb-system/edge");
    assertThat(Resources.METALLB_BGPPEERS.key("", "")).isEqualTo("/registry/metallb.io/bgppeers/");
  }
}

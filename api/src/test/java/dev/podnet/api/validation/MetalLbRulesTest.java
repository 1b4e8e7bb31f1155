package dev.podnet.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.api.Json;
import dev.podnet.api.Manifests;
import dev.podnet.api.metallb.IpAddressPool;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetalLbRulesTest {

  private static IpAddressPool pool(String name, String addresses) {
    return Json.read("""
        {"apiVersion":"metallb.io/v1beta1","kind":"IPAddressPool","metadata":{"name":"%s","namespace":"metallb-system"},
         "spec":{"addresses":[%s]}}""".formatted(name, addresses), IpAddressPool.class);
  }

  private static List<String> errors(Object o) {
    return Validation.validate((io.fabric8.kubernetes.api.model.HasMetadata) o).stream().map(FieldError::toString).toList();
  }

  @Test
  void metalLbsQuickStartPoolIsValid() {
    assertThat(errors(pool("first-pool", "\"192.168.10.0/24\", \"192.168.9.1-192.168.9.5\", \"fc00:f853:0ccd:e799::/124\""))).isEmpty();
  }

  @Test
  void aBadAddressIsNamedWithItsField() {
    assertThat(errors(pool("p", "\"10.0.0.0/24\", \"10.0.1.9-10.0.1.1\"")))
        .containsExactly("spec.addresses[1]: Invalid value: \"10.0.1.9-10.0.1.1\": invalid IP range \"10.0.1.9-10.0.1.1\": start 10.0.1.9 is after end 10.0.1.1");
  }

  @Test
  void overlapWithinAPoolIsRefused() {
    assertThat(errors(pool("p", "\"10.0.0.0/24\", \"10.0.0.128-10.0.0.130\""))).singleElement().asString()
        .contains("spec.addresses[1]").contains("overlaps with \"10.0.0.0/24\" in the same pool");
  }

  @Test
  void overlapWithAnotherPoolNamesThatPool() {
    List<FieldError> errors = MetalLbRules.overlaps(pool("mine", "\"172.18.255.240/28\""),
        List.of(pool("default", "\"172.18.255.200-172.18.255.250\""), pool("mine", "\"172.18.255.240/28\"")));
    assertThat(errors).singleElement().asString()
        .isEqualTo("spec.addresses[0]: Invalid value: \"172.18.255.240/28\": overlaps with already defined \"172.18.255.200-172.18.255.250\" "
            + "in pool \"default\"");
  }

  @Test
  void disjointPoolsAreAccepted() {
    assertThat(MetalLbRules.overlaps(pool("b", "\"10.1.0.0/16\""), List.of(pool("a", "\"10.0.0.0/16\"")))).isEmpty();
  }

  @Test
  void anL2AdvertisementWithABadNodeSelectorIsRefusedWhenApplied() {
    assertThatThrownBy(() -> Manifests.read("l2.yaml", """
        apiVersion: metallb.io/v1beta1
        kind: L2Advertisement
        metadata: {name: example, namespace: metallb-system}
        spec:
          ipAddressPools: [first-pool]
          nodeSelectors:
          - matchExpressions: [{key: kubernetes.io/hostname, operator: Near, values: [a]}]
        """)).hasMessageContaining("(L2Advertisement metallb-system/example): spec.nodeSelectors[0].matchExpressions[0].operator: "
        + "Unsupported value: \"Near\"");
  }

  @Test
  void aTypoInAPoolIsAnUnknownField() {
    assertThatThrownBy(() -> Manifests.read("pool.yaml", """
        apiVersion: metallb.io/v1beta1
        kind: IPAddressPool
        metadata: {name: p, namespace: metallb-system}
        spec: {adresses: [10.0.0.0/24]}
        """)).hasMessageContaining("unknown field \"spec.adresses\"");
  }
}

package dev.podnet.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Json;
import dev.podnet.api.bgp.BgpConfiguration;
import dev.podnet.api.bgp.BgpPeer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgpRulesTest {

  private static List<String> errors(HasMetadata o) {
    return Validation.validate(o).stream().map(FieldError::toString).toList();
  }

  private static BgpPeer peer(String spec) {
    return Json.read("{\"apiVersion\":\"podnet.dev/v1\",\"kind\":\"BGPPeer\",\"metadata\":{\"name\":\"p\"},\"spec\":" + spec + "}", BgpPeer.class);
  }

  @Test
  void calicosRouteReflectorManifestsAreValid() {
    BgpConfiguration c = Json.read("""
        {"apiVersion":"podnet.dev/v1","kind":"BGPConfiguration","metadata":{"name":"default"},
         "spec":{"logSeverityScreen":"Info","nodeToNodeMeshEnabled":false,"asNumber":63400}}""", BgpConfiguration.class);
    assertThat(errors(c)).isEmpty();
    assertThat(c.getSpec().meshEnabled()).isFalse();
    assertThat(c.getSpec().asn()).isEqualTo(63400);
    assertThat(errors(peer("{\"nodeSelector\":\"all()\",\"peerSelector\":\"route-reflector == 'true'\"}"))).isEmpty();
    assertThat(errors(peer("{\"peerIP\":\"192.20.30.40\",\"asNumber\":64567}"))).isEmpty();
  }

  @Test
  void aPeerIsAnAddressWithAnAsOrASelectorNeverBoth() {
    assertThat(errors(peer("{}"))).singleElement().asString().contains("set exactly one of peerIP (with asNumber) and peerSelector");
    assertThat(errors(peer("{\"peerIP\":\"10.0.0.1\",\"peerSelector\":\"all()\",\"asNumber\":1}"))).hasSize(1);
    assertThat(errors(peer("{\"peerIP\":\"10.0.0.1\"}"))).containsExactly("spec.asNumber: Required value: the AS of peer 10.0.0.1");
    assertThat(errors(peer("{\"peerIP\":\"10.0.0.1:179\",\"asNumber\":1}"))).singleElement().asString().contains("a port is not supported");
  }

  @Test
  void outOfRangeAsAndBadSelectorsAreNamedByField() {
    assertThat(errors(peer("{\"peerIP\":\"10.0.0.1\",\"asNumber\":4294967296}"))).singleElement().asString()
        .startsWith("spec.asNumber: Invalid value: 4294967296");
    assertThat(errors(peer("{\"node\":\"node-1\",\"nodeSelector\":\"all()\",\"peerSelector\":\"has(rr\"}")))
        .anyMatch(e -> e.startsWith("spec.nodeSelector: Invalid value: \"all()\": set node or nodeSelector, not both"))
        .anyMatch(e -> e.startsWith("spec.peerSelector: Invalid value: \"has(rr\""));
  }
}

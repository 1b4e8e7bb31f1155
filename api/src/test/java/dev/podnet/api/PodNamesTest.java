package dev.podnet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PodNamesTest {
  private static PodTemplateSpec template() {
    Deployment d = (Deployment) Manifests.read("d.yaml", ManifestsTest.DEPLOYMENT).get(0).object();
    return Defaults.apply(d).getSpec().getTemplate();
  }

  @Test
  void equalTemplatesHashAlikeAndAnyChangeChangesTheHash() {
    String hash = PodNames.templateHash(template());

    assertThat(PodNames.templateHash(Json.copy(template()))).isEqualTo(hash);
    PodTemplateSpec changed = template();
    changed.getSpec().getContainers().get(0).setImage("podnet/netexec:1.1");
    assertThat(PodNames.templateHash(changed)).isNotEqualTo(hash);
  }

  @Test
  void theHashDoesNotDependOnMapOrder() {
    PodTemplateSpec a = template();
    a.getMetadata().getLabels().put("tier", "front");
    PodTemplateSpec b = template();
    java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
    labels.put("tier", "front");
    labels.put("app", "web");
    b.getMetadata().setLabels(labels);

    assertThat(PodNames.templateHash(a)).isEqualTo(PodNames.templateHash(b));
  }

  @Test
  void aCollisionCountGivesANewHash() {
    assertThat(PodNames.templateHash(template(), 1)).isNotEqualTo(PodNames.templateHash(template()))
        .isNotEqualTo(PodNames.templateHash(template(), 2));
  }

  @Test
  void hashesAndSuffixesUseOnlyTheSafeAlphabet() {
    String alphabet = "[" + PodNames.ALPHABET + "]";

    assertThat(PodNames.templateHash(template())).matches(alphabet + "{1,10}");
    assertThat(PodNames.randomSuffix(new Random(1))).matches(alphabet + "{5}");
  }

  @Test
  void podsOfADeploymentAreNamedDeploymentHashSuffix() {
    String hash = PodNames.templateHash(template());

    assertThat(PodNames.forDeployment("web", hash, new Random(7))).matches("web-" + hash + "-[" + PodNames.ALPHABET + "]{5}");
  }

  @Test
  void aLongBaseIsCutSoTheNameFitsADnsLabel() {
    String name = PodNames.generate("x".repeat(70), new Random(3));

    assertThat(name).hasSize(63).startsWith("x".repeat(58));
  }

  @Test
  void theEncodingMapsDigitsAsUpstreamsSafeEncodeString() {
    // '0' is 48: 48 % 27 = 21 -> '4'; '9' is 57: 57 % 27 = 3 -> 'f'
    assertThat(PodNames.encode("09")).isEqualTo("4f");
  }
}

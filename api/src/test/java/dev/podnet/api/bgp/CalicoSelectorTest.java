package dev.podnet.api.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalicoSelectorTest {
  private static final Map<String, String> REFLECTOR = Map.of("route-reflector", "true", "zone", "a");
  private static final Map<String, String> PLAIN = Map.of("zone", "b");

  private static boolean matches(String selector, Map<String, String> labels) {
    return CalicoSelector.parse(selector).matches(labels);
  }

  @Test
  void calicosRouteReflectorExamplesSelectWhatTheDocsSay() {
    assertThat(matches("all()", PLAIN)).isTrue();
    assertThat(matches("", PLAIN)).isTrue();
    assertThat(matches("route-reflector == 'true'", REFLECTOR)).isTrue();
    assertThat(matches("route-reflector == 'true'", PLAIN)).isFalse();
    assertThat(matches("has(route-reflector)", REFLECTOR)).isTrue();
    assertThat(matches("!has(route-reflector)", REFLECTOR)).isFalse();
    assertThat(matches("!has(route-reflector)", PLAIN)).isTrue();
  }

  @Test
  void notEqualsAndNotInAlsoMatchAMissingLabelAsInCalico() {
    assertThat(matches("route-reflector != 'true'", PLAIN)).isTrue();
    assertThat(matches("route-reflector not in {'true'}", PLAIN)).isTrue();
    assertThat(matches("zone in {\"a\", 'c'}", REFLECTOR)).isTrue();
    assertThat(matches("zone in {'a','c'}", PLAIN)).isFalse();
  }

  @Test
  void andBindsTighterThanOrAndParenthesesGroup() {
    assertThat(matches("zone == 'b' || zone == 'a' && has(route-reflector)", PLAIN)).isTrue();
    assertThat(matches("(zone == 'b' || zone == 'a') && has(route-reflector)", PLAIN)).isFalse();
    assertThat(matches("(zone == 'b' || zone == 'a') && has(route-reflector)", REFLECTOR)).isTrue();
  }

  @Test
  void aBrokenExpressionSaysWhereAndShowsTheSyntax() {
    assertThatThrownBy(() -> CalicoSelector.parse("zone = 'a'")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at 5").hasMessageContaining("expected ==, !=, in or not in after label zone");
    assertThatThrownBy(() -> CalicoSelector.parse("has(zone")).hasMessageContaining("expected )");
    assertThatThrownBy(() -> CalicoSelector.parse("zone == 'a")).hasMessageContaining("unterminated string");
    assertThatThrownBy(() -> CalicoSelector.parse("all() all()")).hasMessageContaining("unexpected text");
  }

  /** Users type these: any input either parses or fails with IllegalArgumentException, never anything else. */
  @Test
  void randomInputOnlyEverFailsWithIllegalArgument() {
    Random random = new Random(14);
    String alphabet = "ab-=!()&|{},'\" inothasl.";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder s = new StringBuilder();
      int n = random.nextInt(24);
      for (int j = 0; j < n; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      try {
        CalicoSelector.parse(s.toString()).matches(REFLECTOR);
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).startsWith("selector ");
      }
    }
  }
}

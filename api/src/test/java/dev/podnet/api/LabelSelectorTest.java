package dev.podnet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
  private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front");

  @Test
  void everyKubectlFormParsesAndMatches() {
    assertThat(LabelSelector.parse("app=web").matches(WEB)).isTrue();
    assertThat(LabelSelector.parse("app==web").matches(WEB)).isTrue();
    assertThat(LabelSelector.parse("app!=web").matches(WEB)).isFalse();
    assertThat(LabelSelector.parse("app!=db").matches(WEB)).isTrue();
    assertThat(LabelSelector.parse("tier in (front, back)").matches(WEB)).isTrue();
    assertThat(LabelSelector.parse("tier notin (front)").matches(WEB)).isFalse();
    assertThat(LabelSelector.parse("app").matches(WEB)).isTrue();
    assertThat(LabelSelector.parse("!app").matches(WEB)).isFalse();
    assertThat(LabelSelector.parse("!db, app=web,tier in(front)").matches(WEB)).isTrue();
    assertThat(LabelSelector.parse("app=web,tier=back").matches(WEB)).isFalse();
  }

  @Test
  void negativeRequirementsMatchWhenTheLabelIsAbsent() {
    assertThat(LabelSelector.parse("env!=prod").matches(WEB)).isTrue();
    assertThat(LabelSelector.parse("env notin (prod)").matches(WEB)).isTrue();
  }

  @Test
  void anEmptySelectorMatchesEverything() {
    assertThat(LabelSelector.parse("  ").matches(WEB)).isTrue();
    assertThat(LabelSelector.everything().isEmpty()).isTrue();
  }

  @Test
  void theCanonicalFormSortsKeysAndValuesAndWritesOneEquals() {
    assertThat(LabelSelector.parse("tier in (b,a), app==web,!old, x notin (z)")).hasToString("app=web,!old,tier in (a,b),x notin (z)");
  }

  @Test
  void aKubernetesSelectorIsMatchLabelsAndMatchExpressions() {
    io.fabric8.kubernetes.api.model.LabelSelector fabric8 = new LabelSelectorBuilder().addToMatchLabels("app", "web")
        .addNewMatchExpression().withKey("tier").withOperator("In").withValues("front", "back").endMatchExpression()
        .addNewMatchExpression().withKey("old").withOperator("DoesNotExist").endMatchExpression()
        .build();

    LabelSelector selector = LabelSelector.of(fabric8);

    assertThat(selector).hasToString("app=web,!old,tier in (back,front)");
    assertThat(selector.matches(WEB)).isTrue();
    assertThat(selector).isEqualTo(LabelSelector.parse("tier in (front,back),app=web,!old"));
  }

  @Test
  void parseErrorsSayWhereAndWhatWasExpected() {
    assertThatThrownBy(() -> LabelSelector.parse("tier in (a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid label selector \"tier in (a\": expected \",\" or \")\" in the set of \"in\" at position 11, found end of input");
    assertThatThrownBy(() -> LabelSelector.parse("tier in ()"))
        .hasMessage("invalid label selector \"tier in ()\": expected at least one value in the set of \"in\" at position 10, found \")\"");
    assertThatThrownBy(() -> LabelSelector.parse("app web"))
        .hasMessage("invalid label selector \"app web\": expected an operator (=, ==, !=, in, notin) after \"app\" at position 5, found \"w\"");
    assertThatThrownBy(() -> LabelSelector.parse("app=web,"))
        .hasMessage("invalid label selector \"app=web,\": expected a requirement after \",\" at position 9, found end of input");
    assertThatThrownBy(() -> LabelSelector.parse("tier in a"))
        .hasMessage("invalid label selector \"tier in a\": expected \"(\" after \"in\" at position 9, found \"a\"");
    assertThatThrownBy(() -> LabelSelector.parse("app=-x"))
        .hasMessageStartingWith("invalid label selector \"app=-x\": value \"-x\": a valid label must be");
  }
}

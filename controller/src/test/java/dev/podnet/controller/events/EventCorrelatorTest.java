package dev.podnet.controller.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCorrelatorTest {
  private final EventCorrelator correlator = new EventCorrelator();
  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Event event(String name, String message) {
    return new EventBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
        .withNewInvolvedObject().withKind("Pod").withNamespace("shop").withName("web").withUid("u").endInvolvedObject()
        .withNewSource().withComponent("kubelet").withHost("node-1").endSource().withType("Warning").withReason("BackOff")
        .withMessage(message).withFirstTimestamp("2026-01-01T00:00:00Z").withCount(1).build();
  }

  @Test
  void aRepeatUpdatesTheFirstEventsNameWithTheNextCount() {
    assertThat(correlator.correlate(event("web.1", "m"), t0).update()).isFalse();
    EventCorrelator.Decision second = correlator.correlate(event("web.2", "m"), t0);
    assertThat(second.update()).isTrue();
    assertThat(second.event().getMetadata().getName()).isEqualTo("web.1");
    assertThat(second.event().getCount()).isEqualTo(2);
  }

  @Test
  void pastTheBurstIdenticalEventsAreSkippedUntilATokenRefills() {
    for (int i = 0; i < EventCorrelator.SPAM_BURST; i++) {
      assertThat(correlator.correlate(event("web." + i, "m"), t0).skip()).isFalse();
    }
    EventCorrelator.Decision spam = correlator.correlate(event("web.x", "m"), t0);
    assertThat(spam.skip()).isTrue();
    assertThat(spam.event().getCount()).isEqualTo(EventCorrelator.SPAM_BURST + 1);
    EventCorrelator.Decision later = correlator.correlate(event("web.y", "m"), t0.plus(EventCorrelator.SPAM_REFILL).plus(Duration.ofSeconds(1)));
    assertThat(later.skip()).isFalse();
    assertThat(later.event().getCount()).as("the written event counts the skipped ones").isEqualTo(EventCorrelator.SPAM_BURST + 2);
  }

  @Test
  void similarMessagesOutsideTheWindowAreNotCombined() {
    for (int i = 0; i < EventCorrelator.MAX_SIMILAR; i++) {
      correlator.correlate(event("web." + i, "m" + i), t0);
    }
    assertThat(correlator.correlate(event("web.a", "late"), t0.plus(EventCorrelator.SIMILAR_WINDOW).plusSeconds(1)).event().getMessage())
        .isEqualTo("late");
  }
}

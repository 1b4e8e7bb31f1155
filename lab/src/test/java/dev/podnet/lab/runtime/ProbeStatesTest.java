package dev.podnet.lab.runtime;

import static dev.podnet.lab.runtime.ProbeStates.Kind.LIVENESS;
import static dev.podnet.lab.runtime.ProbeStates.Kind.READINESS;
import static dev.podnet.lab.runtime.ProbeStates.Kind.STARTUP;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import org.junit.jupiter.api.Test;

class ProbeStatesTest {
  private static Probe probe(int failureThreshold) {
    return new ProbeBuilder().withNewTcpSocket().withNewPort(80).endTcpSocket().withPeriodSeconds(2).withFailureThreshold(failureThreshold).build();
  }

  private static Container container(Probe startup, Probe readiness, Probe liveness) {
    return new ContainerBuilder().withName("c").withStartupProbe(startup).withReadinessProbe(readiness).withLivenessProbe(liveness).build();
  }

  @Test
  void untilTheStartupProbeSucceedsLivenessAndReadinessAreNotRunAndTheContainerIsNotReady() {
    ProbeStates p = new ProbeStates(container(probe(150), probe(1), probe(1)));
    assertThat(p.started()).isFalse();
    assertThat(p.ready()).isFalse();
    assertThat(p.runs(STARTUP)).isTrue();
    assertThat(p.runs(LIVENESS)).isFalse();
    assertThat(p.runs(READINESS)).isFalse();
    for (int i = 0; i < 149; i++) {
      assertThat(p.record(STARTUP, false)).isEqualTo(ProbeStates.Outcome.NOTHING);
    }
    assertThat(p.record(LIVENESS, false)).as("a liveness failure before the start counts for nothing").isEqualTo(ProbeStates.Outcome.NOTHING);
    assertThat(p.record(READINESS, true)).isEqualTo(ProbeStates.Outcome.NOTHING);
    assertThat(p.ready()).isFalse();

    assertThat(p.record(STARTUP, true)).isEqualTo(ProbeStates.Outcome.STARTED);
    assertThat(p.started()).isTrue();
    assertThat(p.ready()).as("readiness has not succeeded yet").isFalse();
    assertThat(p.runs(STARTUP)).isFalse();
    assertThat(p.runs(LIVENESS)).isTrue();
    assertThat(p.record(READINESS, true)).isEqualTo(ProbeStates.Outcome.READY);
    assertThat(p.record(LIVENESS, false)).as("liveness runs now, failureThreshold 1").isEqualTo(ProbeStates.Outcome.KILL);
  }

  @Test
  void failureThresholdConsecutiveStartupFailuresKillTheContainer() {
    ProbeStates p = new ProbeStates(container(probe(3), null, null));
    assertThat(p.record(STARTUP, false)).isEqualTo(ProbeStates.Outcome.NOTHING);
    assertThat(p.record(STARTUP, false)).isEqualTo(ProbeStates.Outcome.NOTHING);
    assertThat(p.record(STARTUP, false)).isEqualTo(ProbeStates.Outcome.KILL);
    assertThat(p.started()).isFalse();
  }

  @Test
  void aStartupSuccessResetsNothingLaterAndTheStartupProbeStopsForGood() {
    ProbeStates p = new ProbeStates(container(probe(3), null, probe(3)));
    p.record(STARTUP, false);
    p.record(STARTUP, false);
    assertThat(p.record(STARTUP, true)).isEqualTo(ProbeStates.Outcome.STARTED);
    assertThat(p.ready()).as("no readiness probe: ready once started").isTrue();
    assertThat(p.record(STARTUP, false)).as("a late startup result is ignored").isEqualTo(ProbeStates.Outcome.NOTHING);
    assertThat(p.started()).isTrue();
  }

  @Test
  void withoutAStartupProbeTheContainerIsStartedAtOnceAndReadyWithoutReadinessProbe() {
    ProbeStates none = new ProbeStates(container(null, null, probe(2)));
    assertThat(none.started()).isTrue();
    assertThat(none.ready()).isTrue();
    assertThat(none.runs(STARTUP)).isFalse();
    assertThat(none.record(LIVENESS, false)).isEqualTo(ProbeStates.Outcome.NOTHING);
    assertThat(none.record(LIVENESS, true)).as("a success resets the count").isEqualTo(ProbeStates.Outcome.NOTHING);
    assertThat(none.record(LIVENESS, false)).isEqualTo(ProbeStates.Outcome.NOTHING);
    assertThat(none.record(LIVENESS, false)).isEqualTo(ProbeStates.Outcome.KILL);

    ProbeStates withReadiness = new ProbeStates(container(null, probe(2), null));
    assertThat(withReadiness.ready()).isFalse();
    assertThat(withReadiness.record(READINESS, true)).isEqualTo(ProbeStates.Outcome.READY);
    assertThat(withReadiness.record(READINESS, false)).isEqualTo(ProbeStates.Outcome.NOTHING);
    assertThat(withReadiness.record(READINESS, false)).isEqualTo(ProbeStates.Outcome.UNREADY);
  }
}

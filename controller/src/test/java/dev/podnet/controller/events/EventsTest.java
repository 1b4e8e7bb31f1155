package dev.podnet.controller.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podnet.api.EventRecorder;
import dev.podnet.api.Resources;
import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventsTest {
  private final MemoryStore store = new MemoryStore();
  private final EventBroadcaster events = new EventBroadcaster(store);
  private final Pod pod = store.create(new PodBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
      .withNewSpec().addNewContainer().withName("app").withImage("podnet/netexec").endContainer().endSpec().build());

  @AfterEach
  void close() {
    events.close();
  }

  private List<Event> stored() throws InterruptedException {
    events.flush(5000);
    return store.<Event>list(Resources.EVENTS, "shop").items();
  }

  @Test
  void anEventNamesItsObjectSourceAndTimesAsClientGoWritesIt() throws Exception {
    events.recorder("default-scheduler", "").normal(pod, "Scheduled", "Successfully assigned shop/web to node-1");
    Event e = stored().get(0);
    assertThat(e.getMetadata().getName()).matches("web\\.[0-9a-f]+");
    assertThat(e.getInvolvedObject().getKind()).isEqualTo("Pod");
    assertThat(e.getInvolvedObject().getUid()).isEqualTo(pod.getMetadata().getUid());
    assertThat(e.getInvolvedObject().getResourceVersion()).isEqualTo(pod.getMetadata().getResourceVersion());
    assertThat(e.getSource().getComponent()).isEqualTo("default-scheduler");
    assertThat(e.getReportingComponent()).isEqualTo("default-scheduler");
    assertThat(e.getType()).isEqualTo("Normal");
    assertThat(e.getCount()).isEqualTo(1);
    assertThat(e.getFirstTimestamp()).isEqualTo(e.getLastTimestamp()).isNotEmpty();
  }

  @Test
  void repeatsCountUpOnOneEvent() throws Exception {
    EventRecorder kubelet = events.recorder("kubelet", "node-1");
    for (int i = 0; i < 5; i++) {
      kubelet.record(EventRecorder.reference(pod, EventRecorder.containerPath("app")), EventRecorder.Type.Warning, "BackOff",
          "Back-off restarting failed container app in pod web_shop(" + pod.getMetadata().getUid() + ")");
    }
    kubelet.normal(pod, "Killing", "Stopping container app");
    List<Event> all = stored();
    assertThat(all).hasSize(2);
    Event backOff = all.stream().filter(e -> e.getReason().equals("BackOff")).findFirst().orElseThrow();
    assertThat(backOff.getCount()).isEqualTo(5);
    assertThat(backOff.getSource().getHost()).isEqualTo("node-1");
    assertThat(backOff.getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{app}");
  }

  @Test
  void manySimilarMessagesAreCombinedIntoOneEvent() throws Exception {
    EventRecorder kubelet = events.recorder("kubelet", "node-1");
    int n = EventCorrelator.MAX_SIMILAR + 5;
    for (int i = 0; i < n; i++) {
      kubelet.warning(pod, "Unhealthy", "Readiness probe failed: attempt " + i);
    }
    List<Event> all = stored();
    assertThat(all).hasSize(EventCorrelator.MAX_SIMILAR + 1);
    Event combined = all.stream().filter(e -> e.getMessage().startsWith(EventCorrelator.COMBINED)).findFirst().orElseThrow();
    assertThat(combined.getCount()).isEqualTo(5);
    assertThat(combined.getMessage()).endsWith("attempt " + (n - 1));
  }

  @Test
  void recordingDoesNotWaitForTheStore() {
    EventRecorder r = events.recorder("kubelet", "node-1");
    long t0 = System.nanoTime();
    for (int i = 0; i < 5000; i++) {
      r.normal(pod, "Pulled", "Container image \"x\" already present on machine " + i);
    }
    // a full queue drops events rather than stalling the caller
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(20)).until(() -> !store.list(Resources.EVENTS, "shop").items().isEmpty());
  }

  @Test
  void expiryRemovesEventsLastSeenBeforeTheTtl() throws Exception {
    events.recorder("kubelet", "node-1").normal(pod, "Started", "Started container app");
    stored();
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofMinutes(61)), ZoneOffset.UTC);
    assertThat(new EventExpiry(store, Duration.ofHours(1), Clock.systemUTC()).sweep()).isZero();
    assertThat(new EventExpiry(store, Duration.ofHours(1), later).sweep()).isEqualTo(1);
    assertThat(store.list(Resources.EVENTS, "shop").items()).isEmpty();
  }
}

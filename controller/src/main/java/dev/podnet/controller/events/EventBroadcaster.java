package dev.podnet.controller.events;

import dev.podnet.api.EventRecorder;
import dev.podnet.api.Resources;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what components record into core/v1 Events in the store, as client-go's EventBroadcaster
 * with its correlator: one writer thread behind a bounded queue, so recording never blocks (a full
 * queue drops the event, as upstream's does), repeats become count updates of one Event, and a
 * failed write is logged, never thrown at the component.
 */
public final class EventBroadcaster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventBroadcaster.class);
  /** client-go's queue length. */
  private static final int QUEUE = 1000;

  private final Store store;
  private final Clock clock;
  private final EventCorrelator correlator = new EventCorrelator();
  private final ThreadPoolExecutor writer;

  public EventBroadcaster(Store store) {
    this(store, Clock.systemUTC());
  }

  EventBroadcaster(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "events");
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.DiscardPolicy());
  }

  /** What {@code component} (e.g. {@code default-scheduler}, {@code kubelet}) on {@code host} (empty: none) records. */
  public EventRecorder recorder(String component, String host) {
    return (involved, type, reason, message) -> {
      Event e = event(component, host, involved, type, reason, message);
      writer.execute(() -> write(e));
    };
  }

  private Event event(String component, String host, ObjectReference involved, EventRecorder.Type type, String reason, String message) {
    Instant now = clock.instant();
    String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
    String ns = Objects.requireNonNullElse(involved.getNamespace(), "");
    // client-go names an event after its object and the time, in hex nanoseconds
    String name = involved.getName() + "." + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    return new EventBuilder().withNewMetadata().withName(name).withNamespace(ns.isEmpty() ? "default" : ns).endMetadata()
        .withInvolvedObject(involved).withReason(reason).withMessage(message).withType(type.name())
        .withNewSource().withComponent(component).withHost(host.isEmpty() ? null : host).endSource()
        .withFirstTimestamp(at).withLastTimestamp(at).withCount(1)
        .withReportingComponent(component).withReportingInstance(host).build();
  }

  private void write(Event event) {
    EventCorrelator.Decision d = correlator.correlate(event, clock.instant());
    if (d.skip()) {
      return;
    }
    Event e = d.event();
    try {
      if (d.update() && updated(e)) {
        return;
      }
      e.setCount(1);
      e.setFirstTimestamp(e.getLastTimestamp());
      store.create(e);
    } catch (StoreException ex) {
      if (!ex.is(StoreException.Reason.ALREADY_EXISTS)) {
        LOG.warn("event not written namespace={} object={} reason={} error={}", e.getMetadata().getNamespace(), e.getInvolvedObject().getName(),
            e.getReason(), ex.getMessage());
      }
    }
  }

  /** Counts a repeat on the stored Event; false if that Event is gone (expired), so it is created again. */
  private boolean updated(Event e) {
    try {
      store.<Event>guaranteedUpdate(Resources.EVENTS, e.getMetadata().getNamespace(), e.getMetadata().getName(), stored -> {
        stored.setCount(e.getCount());
        stored.setLastTimestamp(e.getLastTimestamp());
        stored.setMessage(e.getMessage());
        stored.setInvolvedObject(e.getInvolvedObject());
        return stored;
      });
      return true;
    } catch (StoreException ex) {
      if (!ex.is(StoreException.Reason.NOT_FOUND)) {
        throw ex;
      }
      correlator.forget(e);
      correlator.correlate(e, clock.instant());
      return false;
    }
  }

  /** Waits up to {@code millis} for queued events to be written: for tests and an orderly stop. */
  void flush(long millis) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while ((writer.getQueue().size() > 0 || writer.getActiveCount() > 0) && System.currentTimeMillis() < end) {
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

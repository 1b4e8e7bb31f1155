package dev.podnet.controller.events;

import dev.podnet.api.Resources;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes Events last seen more than {@code ttl} ago. Upstream attaches every Event to an etcd
 * lease of the API server's {@code --event-ttl} (1 h); a periodic sweep gives the same result
 * without a lease per write, and works on any store.
 */
public final class EventExpiry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventExpiry.class);
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  private final Store store;
  private final Duration ttl;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "event-expiry");
    t.setDaemon(true);
    return t;
  });

  EventExpiry(Store store, Duration ttl, Clock clock) {
    this.store = store;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Sweeps every tenth of {@code ttl} (at least every second, at most every minute) until closed. */
  public static EventExpiry start(Store store, Duration ttl) {
    EventExpiry e = new EventExpiry(store, ttl, Clock.systemUTC());
    long period = Math.max(1000, Math.min(60_000, ttl.toMillis() / 10));
    e.timer.scheduleWithFixedDelay(e::sweepQuietly, period, period, TimeUnit.MILLISECONDS);
    return e;
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.warn("event expiry sweep failed ttl={} error={}", ttl, e.getMessage());
    }
  }

  /** Deletes every expired Event now; how many went. */
  int sweep() {
    Instant oldest = clock.instant().minus(ttl);
    int deleted = 0;
    for (Event e : store.<Event>list(Resources.EVENTS, "").items()) {
      if (lastSeen(e).map(t -> t.isBefore(oldest)).orElse(false)) {
        try {
          store.delete(Resources.EVENTS, e.getMetadata().getNamespace(), e.getMetadata().getName());
          deleted++;
        } catch (StoreException ex) {
          if (!ex.is(StoreException.Reason.NOT_FOUND)) {
            throw ex;
          }
        }
      }
    }
    if (deleted > 0) {
      LOG.info("events expired count={} ttl={}", deleted, ttl);
    }
    return deleted;
  }

  private static Optional<Instant> lastSeen(Event e) {
    return Stream.of(e.getLastTimestamp(), e.getEventTime() == null ? null : e.getEventTime().getTime(), e.getMetadata().getCreationTimestamp())
        .filter(s -> s != null && !s.isEmpty()).findFirst().map(Instant::parse);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

package dev.podnet.ingress;

import dev.podnet.ingress.proxy.Certificates;
import dev.podnet.ingress.route.ClusterObjects;
import dev.podnet.ingress.route.Problem;
import dev.podnet.ingress.route.RouteTable;
import dev.podnet.ingress.route.RouteTableBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that turns the watched cluster into what the proxy serves: routes, TLS
 * certificates, Events for problems, Ingress status. Changes are coalesced (a burst of endpoint
 * updates costs one rebuild); the new table is swapped in whole, so requests in flight finish on
 * the table they started with and no connection is dropped.
 */
final class Sync implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sync.class);
  /** How long changes gather before a rebuild: long enough to batch a rollout's slice updates, short enough to be unnoticed. */
  private static final long COALESCE_MILLIS = 20;

  private final ClusterWatch watch;
  private final IngressConfig config;
  private final AtomicReference<RouteTable> routes;
  private final Certificates certs;
  private final EventReporter events;
  private final StatusPublisher status;
  private final TlsSecrets tls = new TlsSecrets();
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sync");
    t.setDaemon(true);
    return t;
  });

  Sync(ClusterWatch watch, IngressConfig config, AtomicReference<RouteTable> routes, Certificates certs, EventReporter events,
      StatusPublisher status) {
    this.watch = watch;
    this.config = config;
    this.routes = routes;
    this.certs = certs;
    this.events = events;
    this.status = status;
  }

  /** Something changed: rebuild soon (once for many calls). */
  void trigger() {
    if (dirty.compareAndSet(false, true)) {
      thread.schedule(this::run, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** A rebuild every so often too, so a status write lost to a conflict is retried even in a quiet cluster. */
  void startPeriodic(long seconds) {
    thread.scheduleWithFixedDelay(this::trigger, seconds, seconds, TimeUnit.SECONDS);
  }

  private void run() {
    dirty.set(false);
    if (!watch.synced()) {
      return; // a partial cache would route a partial cluster; the sync event after the first list triggers again
    }
    try {
      long t0 = System.nanoTime();
      ClassFilter filter = ClassFilter.of(watch.classes(), config.controller());
      List<Ingress> ours = watch.ingresses().stream().filter(filter::isOurs).toList();
      RouteTableBuilder.Result r = RouteTableBuilder.build(new ClusterObjects(ours, watch.services(), watch.slicesByService()));
      routes.set(r.table());
      List<Problem> problems = new ArrayList<>(r.problems());
      problems.addAll(tls.apply(ours, watch.tlsSecrets(), certs));
      events.report(ours, problems);
      int written = status.publish(ours, StatusPublisher.addresses(Optional.ofNullable(watch.services().get(config.publishService()))));
      log.info("synced ingresses={} hosts={} paths={} problems={} statuses_written={} took_ms={}", ours.size(), r.table().hostCount(),
          r.table().pathCount(), problems.size(), written, (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException e) {
      log.warn("sync failed (next change retries): {}", e.toString(), e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}

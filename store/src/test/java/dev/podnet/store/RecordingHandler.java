package dev.podnet.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Keeps what a watch delivers, for tests to take in order. */
final class RecordingHandler<T extends HasMetadata> implements WatchHandler<T> {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final BlockingQueue<WatchEvent<T>> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<StoreException> errors = new LinkedBlockingQueue<>();

  @Override
  public void onEvent(WatchEvent<T> event) {
    events.add(event);
  }

  @Override
  public void onError(StoreException error) {
    errors.add(error);
  }

  WatchEvent<T> next() throws InterruptedException {
    WatchEvent<T> e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(e).as("a watch event within %s", WAIT).isNotNull();
    return e;
  }

  /** "ADDED default/web 5": an event as one comparable line. */
  String nextLine() throws InterruptedException {
    WatchEvent<T> e = next();
    HasMetadata o = e.object();
    String ns = o.getMetadata().getNamespace();
    return e.type() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName() + " " + o.getMetadata().getResourceVersion();
  }

  StoreException error() throws InterruptedException {
    StoreException e = errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(e).as("a watch error within %s", WAIT).isNotNull();
    return e;
  }

  void assertQuiet(Duration d) throws InterruptedException {
    assertThat(events.poll(d.toMillis(), TimeUnit.MILLISECONDS)).isNull();
  }
}

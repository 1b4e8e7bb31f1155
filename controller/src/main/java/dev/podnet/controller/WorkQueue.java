package dev.podnet.controller;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * client-go's rate-limited work queue, for one worker: a key added while queued is queued once, a
 * key added while being synced is synced again afterwards (never twice at once), and a failed key
 * comes back after a capped exponential backoff.
 */
final class WorkQueue<K> {
  static final Duration BASE_DELAY = Duration.ofMillis(20);
  static final Duration MAX_DELAY = Duration.ofSeconds(30);

  private final ArrayDeque<K> ready = new ArrayDeque<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final PriorityQueue<Delayed<K>> waiting = new PriorityQueue<>(Comparator.comparingLong(Delayed::due));
  private final Map<K, Integer> failures = new HashMap<>();
  private boolean closed;

  private record Delayed<K>(K key, long due) {}

  synchronized void add(K key) {
    if (closed || !dirty.add(key)) {
      return;
    }
    if (!processing.contains(key)) {
      ready.add(key);
      notifyAll();
    }
  }

  synchronized void addAfter(K key, Duration delay) {
    if (closed) {
      return;
    }
    waiting.add(new Delayed<>(key, System.nanoTime() + delay.toNanos()));
    notifyAll();
  }

  /** The next key to sync, waiting for one; empty once closed. Hand it back with {@link #done}. */
  synchronized Optional<K> take() throws InterruptedException {
    while (!closed) {
      promoteDue();
      K key = ready.poll();
      if (key != null) {
        dirty.remove(key);
        processing.add(key);
        return Optional.of(key);
      }
      Delayed<K> next = waiting.peek();
      if (next == null) {
        wait();
      } else {
        TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, next.due() - System.nanoTime()));
      }
    }
    return Optional.empty();
  }

  synchronized void done(K key) {
    processing.remove(key);
    if (dirty.contains(key)) {
      ready.add(key);
      notifyAll();
    }
  }

  /** Queues {@code key} again after its next backoff, and returns that backoff. */
  synchronized Duration retry(K key) {
    Duration delay = backoff(failures.merge(key, 1, Integer::sum));
    addAfter(key, delay);
    return delay;
  }

  /** A key that synced: its next failure starts from the base delay again. */
  synchronized void forget(K key) {
    failures.remove(key);
  }

  synchronized void close() {
    closed = true;
    notifyAll();
  }

  /** {@code BASE_DELAY * 2^(failures-1)}, at most {@code MAX_DELAY}. */
  static Duration backoff(int failures) {
    int shift = Math.min(Math.max(failures - 1, 0), 20);
    Duration d = BASE_DELAY.multipliedBy(1L << shift);
    return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
  }

  private void promoteDue() {
    long now = System.nanoTime();
    while (!waiting.isEmpty() && waiting.peek().due() - now <= 0) {
      add(waiting.poll().key());
    }
  }
}

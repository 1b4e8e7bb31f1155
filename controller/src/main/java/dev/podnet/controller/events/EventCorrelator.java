package dev.podnet.controller.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What client-go's EventCorrelator does before an event is written, so a crash-looping pod makes
 * one Event with a growing count rather than thousands: an event identical to an earlier one
 * (same source, object, type, reason and message) becomes an update of that Event, count + 1; when
 * more than {@link #MAX_SIMILAR} different messages share the rest within {@link #SIMILAR_WINDOW},
 * they are combined into one Event; and past a burst of {@link #SPAM_BURST} identical events, only
 * one per {@link #SPAM_REFILL} is written (the count still grows, so the next write says it all).
 * Not thread-safe: one writer thread owns it.
 */
final class EventCorrelator {
  /** client-go's defaults: 10 similar events in 10 minutes, an LRU of 4096 keys. */
  static final int MAX_SIMILAR = 10;
  static final Duration SIMILAR_WINDOW = Duration.ofMinutes(10);
  private static final int CACHE_SIZE = 4096;
  static final String COMBINED = "(combined from similar events): ";
  /** client-go's spam filter: a burst of 25, then one token every 5 minutes. */
  static final int SPAM_BURST = 25;
  static final Duration SPAM_REFILL = Duration.ofMinutes(5);

  /** The event to write, whether it updates the stored Event of that name (else it is created), and whether to skip the write as spam. */
  record Decision(Event event, boolean update, boolean skip) {}

  /** Tokens left for one key, as of {@code at}. */
  private record Bucket(double tokens, Instant at) {}

  private record Seen(String name, int count, String firstTimestamp) {}

  private record Similar(Set<String> messages, Instant last) {}

  private final Map<List<String>, Seen> seen = lru();
  private final Map<List<String>, Similar> similar = lru();
  private final Map<List<String>, Bucket> spam = lru();

  private static <K, V> Map<K, V> lru() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > CACHE_SIZE;
      }
    };
  }

  /** {@code event} is new, named and timestamped {@code now}; the result is what to write. */
  Decision correlate(Event event, Instant now) {
    List<String> key = aggregate(event, now);
    Event e = event;
    Seen before = seen.get(key);
    if (before == null) {
      seen.put(key, new Seen(e.getMetadata().getName(), 1, e.getFirstTimestamp()));
      return new Decision(e, false, spam(e, now));
    }
    Seen next = new Seen(before.name(), before.count() + 1, before.firstTimestamp());
    seen.put(key, next);
    e.getMetadata().setName(next.name());
    e.setCount(next.count());
    e.setFirstTimestamp(next.firstTimestamp());
    return new Decision(e, true, spam(e, now));
  }

  /** Takes a token from the event's bucket; true if there was none left. */
  private boolean spam(Event e, Instant now) {
    List<String> key = key(e, e.getMessage());
    Bucket b = spam.getOrDefault(key, new Bucket(SPAM_BURST, now));
    double refilled = Math.min(SPAM_BURST, b.tokens() + (double) Duration.between(b.at(), now).toMillis() / SPAM_REFILL.toMillis());
    boolean empty = refilled < 1;
    spam.put(key, new Bucket(empty ? refilled : refilled - 1, now));
    return empty;
  }

  /** Forgets an Event that is gone from the store (TTL, namespace deletion): the next like it is created anew. */
  void forget(Event event) {
    seen.values().removeIf(s -> s.name().equals(event.getMetadata().getName()));
  }

  /** The key the event is counted under: its own, or once its kind is too chatty, the one all similar events share. */
  private List<String> aggregate(Event e, Instant now) {
    List<String> key = key(e, "");
    Similar s = similar.get(key);
    if (s == null || Duration.between(s.last(), now).compareTo(SIMILAR_WINDOW) > 0) {
      s = new Similar(new HashSet<>(), now);
    }
    s.messages().add(e.getMessage());
    similar.put(key, new Similar(s.messages(), now));
    if (s.messages().size() <= MAX_SIMILAR) {
      return key(e, e.getMessage());
    }
    e.setMessage(COMBINED + e.getMessage());
    return key;
  }

  private static List<String> key(Event e, String message) {
    ObjectReference o = e.getInvolvedObject();
    return java.util.Arrays.asList(e.getSource().getComponent(), e.getSource().getHost(), o.getKind(), o.getNamespace(), o.getName(), o.getUid(),
        o.getApiVersion(), o.getFieldPath(), e.getType(), e.getReason(), Objects.requireNonNullElse(message, ""));
  }
}

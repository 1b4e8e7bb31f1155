package dev.podnet.daemon;

import java.time.Duration;

/**
 * How long the API keeps what expires: Events ({@code --event-ttl}, upstream's 1 h), and how often a
 * watch that allows bookmarks gets one ({@code --bookmark-interval}; upstream ~1 min, shorter here
 * so clients resume from closer after a restart).
 */
public record Lifetimes(Duration eventTtl, Duration bookmarkInterval) {
  public static final Lifetimes DEFAULTS = new Lifetimes(Duration.ofHours(1), Duration.ofSeconds(15));

  public Lifetimes {
    if (eventTtl.isNegative() || eventTtl.isZero()) {
      throw new IllegalArgumentException("--event-ttl " + eventTtl + ": must be positive, e.g. 1h or 10m");
    }
    if (bookmarkInterval.isNegative() || bookmarkInterval.isZero()) {
      throw new IllegalArgumentException("--bookmark-interval " + bookmarkInterval + ": must be positive, e.g. 15s");
    }
  }
}

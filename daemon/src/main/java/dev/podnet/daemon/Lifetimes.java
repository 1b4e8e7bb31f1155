package dev.podnet.daemon;

import java.time.Duration;

/**
 * How long the API keeps what expires: Events ({@code --event-ttl}, upstream's 1 h), and how often a
 * watch that allows bookmarks gets one ({@code --bookmark-interval}; upstream ~1 min, shorter here
 * so clients resume from closer after a restart), and how long a node may go without renewing its
 * lease before it is NotReady ({@code --node-grace}; upstream's node-monitor-grace-period is 40 s,
 * the lab's 10 s so a failed node leaves its Services quickly). Nodes' leases last the same.
 */
public record Lifetimes(Duration eventTtl, Duration bookmarkInterval, Duration nodeGrace) {
  public static final Lifetimes DEFAULTS = new Lifetimes(Duration.ofHours(1), Duration.ofSeconds(15), Duration.ofSeconds(10));

  public Lifetimes(Duration eventTtl, Duration bookmarkInterval) {
    this(eventTtl, bookmarkInterval, DEFAULTS.nodeGrace());
  }

  public Lifetimes {
    if (eventTtl.isNegative() || eventTtl.isZero()) {
      throw new IllegalArgumentException("--event-ttl " + eventTtl + ": must be positive, e.g. 1h or 10m");
    }
    if (bookmarkInterval.isNegative() || bookmarkInterval.isZero()) {
      throw new IllegalArgumentException("--bookmark-interval " + bookmarkInterval + ": must be positive, e.g. 15s");
    }
    if (nodeGrace.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new IllegalArgumentException("--node-grace " + nodeGrace + ": must be at least 2s (nodes renew their lease every quarter of it)");
    }
  }
}

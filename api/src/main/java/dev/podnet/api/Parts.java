package dev.podnet.api;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a composition root has built, closed in reverse order of building; a part that fails to
 * close is logged and the others still close.
 */
public final class Parts implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Parts.class);
  private final Deque<AutoCloseable> built = new ArrayDeque<>();
  private final String owner;

  /** {@code owner}: whose parts, for the log ({@code podnetd}, {@code node-1}). */
  public Parts(String owner) {
    this.owner = owner;
  }

  /** Adds a part and returns it, so building reads as a list. */
  public <T extends AutoCloseable> T add(T part) {
    synchronized (built) {
      built.push(part);
    }
    return part;
  }

  @Override
  public void close() {
    while (true) {
      AutoCloseable c;
      synchronized (built) {
        if (built.isEmpty()) {
          return;
        }
        c = built.pop();
      }
      try {
        c.close();
      } catch (Exception e) {
        log.warn("close failed owner={} part={} error={}", owner, c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}

package dev.podnet.bgp;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls until a condition holds; sessions and timers are asynchronous. */
final class Await {
  private Await() {}

  static void until(String what, Duration timeout, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  static void until(String what, BooleanSupplier condition) {
    until(what, Duration.ofSeconds(10), condition);
  }
}

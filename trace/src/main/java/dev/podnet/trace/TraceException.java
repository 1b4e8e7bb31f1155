package dev.podnet.trace;

/** A trace that cannot be run as asked: what is missing or wrong, and what to do about it. */
public final class TraceException extends RuntimeException {
  public TraceException(String message) {
    super(message);
  }
}

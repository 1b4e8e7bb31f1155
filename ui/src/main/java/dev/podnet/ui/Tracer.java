package dev.podnet.ui;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs a trace between two objects of the map ({@code pod/NS/NAME}, {@code svc/NS/NAME}, {@code node/NAME},
 * {@code lb/IP}, {@code outside}) and returns its result in the JSON of {@code podnet trace -o json}.
 */
public interface Tracer {

  /** @throws TraceException when no trace could be run (not when the packet was dropped: that is a verdict) */
  JsonNode trace(String from, String to);

  final class TraceException extends RuntimeException {
    public TraceException(String message) {
      super(message);
    }
  }
}

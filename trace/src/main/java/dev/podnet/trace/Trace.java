package dev.podnet.trace;

import java.util.List;

/**
 * What one probe did: where from and to, the verdict (delivered, rejected, dropped, no-route,
 * timeout), why, and its hops in order. The JSON shape is a contract: the UI reads it.
 */
public record Trace(String from, String to, String proto, int port, String verdict, String reason, List<Hop> hops) {
  public Trace {
    hops = List.copyOf(hops);
  }
}

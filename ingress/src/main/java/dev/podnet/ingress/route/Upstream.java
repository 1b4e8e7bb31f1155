package dev.podnet.ingress.route;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Service port's ready endpoints ({@code ns/name:port}), picked round-robin. Ingress-nginx
 * sends to endpoints directly too, not through the ClusterIP: the proxy chooses, and can retry
 * another endpoint when one refuses a connection.
 */
public final class Upstream {
  private static final int SLOTS = 16;
  private static final int STRIDE = 16; // ints: 64 bytes
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ThreadLocal<Integer> SLOT = ThreadLocal.withInitial(() -> (THREADS.getAndIncrement() % SLOTS) * STRIDE);
  private final String name;
  private final List<InetSocketAddress> endpoints;
  private final java.util.Map<InetSocketAddress, String> texts;
  /**
   * Rotation counters, one per thread slot, a cache line apart: each event loop round-robins on
   * its own, as each nginx worker does, and the loops share no counter (an atomic shared by both
   * moved its cache line between the cores on every request).
   */
  private final int[] next = new int[SLOTS * STRIDE];

  public Upstream(String name, List<InetSocketAddress> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("upstream " + name + " has no endpoints: route it as Unavailable instead");
    }
    this.name = name;
    this.endpoints = List.copyOf(endpoints);
    this.texts = this.endpoints.stream().distinct()
        .collect(java.util.stream.Collectors.toUnmodifiableMap(e -> e, e -> e.getAddress().getHostAddress() + ":" + e.getPort()));
  }

  /**
   * The affinity cookie's value for {@code endpoint}: a digest of its address, so it stays valid
   * across routing tables and controller replicas, and names no pod IP to the client.
   */
  public String token(InetSocketAddress endpoint) {
    long h = 1125899906842597L;
    for (char c : text(endpoint).toCharArray()) {
      h = 31 * h + c;
    }
    return Long.toHexString(h ^ (h >>> 29));
  }

  /** The endpoint a cookie value pins, if it is still one of this upstream's. */
  public java.util.Optional<InetSocketAddress> byToken(String token) {
    for (InetSocketAddress e : endpoints) {
      if (token(e).equals(token)) {
        return java.util.Optional.of(e);
      }
    }
    return java.util.Optional.empty();
  }

  /** {@code 10.244.1.5:8080}, as the access log's $upstream_addr; formatted once per table, not per request. */
  public String text(InetSocketAddress endpoint) {
    String t = texts.get(endpoint);
    return t != null ? t : endpoint.getAddress().getHostAddress() + ":" + endpoint.getPort();
  }

  /** {@code ns/name:port}, the Service port as the Ingress named it. */
  public String name() {
    return name;
  }

  public List<InetSocketAddress> endpoints() {
    return endpoints;
  }

  /** The endpoint for the next request; {@code attempt} > 0 moves on to others after a failed connect. */
  public InetSocketAddress pick(int start, int attempt) {
    return endpoints.get(Math.floorMod(start + attempt, endpoints.size()));
  }

  /** Where this request starts in the rotation of the calling thread (a slot's owner, or a few threads sharing one: then inexact, never wrong). */
  public int start() {
    int slot = SLOT.get();
    return next[slot]++;
  }

  @Override
  public String toString() {
    return name + endpoints;
  }
}

package dev.podnet.dns;

import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream replies kept as bytes for at most {@code maxTtlSeconds} (or their own smallest TTL
 * when shorter), up to {@code capacity} entries, least recently used out first. Only NOERROR and
 * NXDOMAIN are kept: a SERVFAIL is about the upstream now, not about the name.
 */
final class ForwardCache extends DatagramDnsResponseDecoder {
  private record Entry(byte[] reply, long expiresAtNanos, boolean denial) {}

  /** A cached reply and whether it is negative (CoreDNS's cache hit type). */
  record Hit(byte[] reply, boolean denial) {}

  private static final InetSocketAddress NOWHERE = new InetSocketAddress(0);
  private final int capacity;
  private final long maxTtlSeconds;
  private final Map<String, Entry> entries;

  ForwardCache(int capacity, long maxTtlSeconds) {
    this.capacity = capacity;
    this.maxTtlSeconds = maxTtlSeconds;
    this.entries = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > ForwardCache.this.capacity;
      }
    };
  }

  static String key(Query q) {
    return q.qname().toLowerCase(java.util.Locale.ROOT) + "/" + q.qtype() + (q.ednsPayload().isPresent() ? "/e" : "");
  }

  synchronized Optional<Hit> get(String key, long nowNanos) {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (e.expiresAtNanos() - nowNanos <= 0) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(new Hit(e.reply(), e.denial()));
  }

  /** Keeps {@code reply} if it is a cacheable answer; a reply that does not parse is not kept. */
  void put(String key, byte[] reply, long nowNanos) {
    Optional<long[]> rcodeAndTtl = inspect(reply);
    if (rcodeAndTtl.isEmpty()) {
      return;
    }
    long rcode = rcodeAndTtl.get()[0];
    long ttl = Math.min(maxTtlSeconds, rcodeAndTtl.get()[1]);
    if ((rcode != 0 && rcode != 3) || ttl <= 0) {
      return;
    }
    synchronized (this) {
      entries.put(key, new Entry(reply, nowNanos + ttl * 1_000_000_000L, rcode == 3));
    }
  }

  synchronized int size() {
    return entries.size();
  }

  /** rcode and the smallest TTL of the answer and authority sections. */
  private Optional<long[]> inspect(byte[] reply) {
    List<Object> out = new ArrayList<>(1);
    DatagramPacket packet = new DatagramPacket(Unpooled.wrappedBuffer(reply), NOWHERE, NOWHERE);
    try {
      decode(null, packet, out);
    } catch (Exception e) {
      return Optional.empty();
    } finally {
      packet.release();
    }
    DnsResponse r = (DnsResponse) out.get(0);
    try {
      long min = maxTtlSeconds;
      for (DnsSection s : new DnsSection[] {DnsSection.ANSWER, DnsSection.AUTHORITY}) {
        for (int i = 0, n = r.count(s); i < n; i++) {
          min = Math.min(min, r.recordAt(s, i).timeToLive());
        }
      }
      DnsResponseCode code = r.code();
      return Optional.of(new long[] {code.intValue(), min});
    } finally {
      r.release();
    }
  }
}

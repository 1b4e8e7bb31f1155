package dev.podnet.ingress.proxy;

import dev.podnet.ingress.route.Site;

/**
 * One finished request, as the access log and the metrics see it. Built once per request on the
 * event loop and handed off: formatting and counting happen elsewhere.
 *
 * @param upstream      {@code ns/name:port}, or {@code -} when the proxy answered itself
 * @param endpoint      the endpoint that answered, or {@code -}
 * @param upstreamNanos time from the request's arrival to the backend's response head (-1 without one)
 */
public record RequestRecord(Site site, String clientIp, String method, String uri, String protocol, int status, long bytesSent,
    long durationNanos, String upstream, String endpoint, long upstreamNanos, String requestId, String userAgent) {

  /** Where finished requests go: the access log and metrics, which must not block the event loop. */
  public interface Sink {
    void record(RequestRecord r);
  }
}

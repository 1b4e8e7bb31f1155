package dev.podnet.ingress.proxy;

import java.time.Duration;

/**
 * The proxy's limits and timeouts, named and defaulted as ingress-nginx's ConfigMap keys
 * (proxy-connect-timeout 5s, proxy-read-timeout and proxy-send-timeout 60s,
 * large-client-header-buffers 4 × 8k, upstream-keepalive-connections 320).
 *
 * @param connectTimeout  how long one connect to an endpoint may take before the next is tried
 * @param readTimeout     the longest silence from an upstream before 504 (or, mid-response, a close)
 * @param maxHeaderBytes  all request header lines together; more is refused with 400
 * @param maxInitialLine  the request line; longer is refused with 400
 * @param idlePerEndpoint kept-alive upstream connections kept per endpoint and event loop
 */
public record ProxyConfig(Duration connectTimeout, Duration readTimeout, int maxHeaderBytes, int maxInitialLine, int idlePerEndpoint) {
  public static final ProxyConfig DEFAULTS = new ProxyConfig(Duration.ofSeconds(5), Duration.ofSeconds(60), 32 * 1024, 8 * 1024, 320);

  /** How many endpoints a request tries when connects fail (never after the request was sent). */
  public static final int CONNECT_ATTEMPTS = 3;
}

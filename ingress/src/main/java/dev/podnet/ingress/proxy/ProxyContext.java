package dev.podnet.ingress.proxy;

import dev.podnet.ingress.route.RouteTable;
import java.util.function.Supplier;

/**
 * What every client connection of one listener shares: the current routes (read once per
 * request, so a swap never splits a request), the upstream pools, the limits, the sink of
 * finished requests, and how this listener is reached (scheme and port, for X-Forwarded-*).
 */
record ProxyContext(Supplier<RouteTable> routes, Pools pools, ProxyConfig config, RequestRecord.Sink sink, String scheme, int port) {}

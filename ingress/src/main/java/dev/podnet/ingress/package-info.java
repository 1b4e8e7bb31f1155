/**
 * podnet's Ingress controller (the podnet/ingress image): HTTP and HTTPS from outside, routed by
 * host and path to Services' endpoints, as ingress-nginx does.
 *
 * <pre>
 *  client ──▶ LB IP :80/:443 ──▶ node nft DNAT ──▶ controller pod (this process)
 *             (eTP Local: announced by a node with a replica, the client's source address kept)
 *                                                   │ :443 SniHandler (cert per host) ─▶ ALPN h2 | http/1.1
 *                                                   │ StrictRequestDecoder ─▶ RequestGate (400s)
 *                                                   │ RouteTable.route(host, path)   ◀── Sync ◀── informers
 *                                                   │   404 | 503 | 308 | Proxy
 *                                                   ▼
 *                                  UpstreamPool (per event loop, kept alive)
 *                                                   │ pod IP:targetPort, directly (no ClusterIP hop)
 *                                                   ▼
 *                                              backend pod
 * </pre>
 *
 * Why endpoints directly and not the ClusterIP: the proxy picks the endpoint, so it can retry
 * another when a connect fails, keep connections alive per endpoint, and stop sending to an
 * endpoint the moment its slice says not ready. Why one table swapped whole: a request reads
 * the table once, so a change never splits a request and nothing is locked on the hot path.
 * Why the Service's externalTrafficPolicy is Local: X-Forwarded-For, X-Real-IP and the access
 * log name the client, not the node that masqueraded it.
 */
package dev.podnet.ingress;

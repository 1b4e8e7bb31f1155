/**
 * Cluster DNS: the Kubernetes DNS-Based Service Discovery specification, served as CoreDNS's
 * kubernetes and forward plugins serve it, from one JVM per DNS pod.
 *
 * <pre>
 *   pod resolv.conf: nameserver 10.96.0.10 ── kube-proxy DNAT ──► podnet-dns pod :53 (UDP, TCP)
 *                                                                  │
 *        QueryDecoder (Netty codec; FORMERR or drop, never a throw)┘
 *                 │
 *             Responder ── in cluster.local / a cluster IP's PTR ──► KubeZone ◄── ClusterRecords ◄── ClusterWatch
 *                 │                                                                 (informers: Services, EndpointSlices)
 *                 └── anything else ──► Forwarder (ForwardCache; upstream down → SERVFAIL at once)
 * </pre>
 *
 * Why this shape: every answer about the cluster comes from memory kept current by watches, so a
 * query costs a map lookup and no API call; the informers keep only keys, and each object is
 * reduced to the few fields DNS needs, so memory stays near the size of the names themselves.
 * Readiness (/ready on 8181) waits for the first full list, so a restarted server never answers
 * NXDOMAIN for a Service it has not heard of yet.
 */
package dev.podnet.dns;

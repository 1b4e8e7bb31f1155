/**
 * Cluster DNS: the Kubernetes DNS-Based Service Discovery specification, served as CoreDNS's
 * kubernetes and forward plugins serve it, from one JVM per DNS pod.
 *
 * <pre>
 *   pod resolv.conf: nameserver 10.96.0.10 ── kube-proxy DNAT ──► podnet-dns pod :53 (UDP, TCP)
 *                                                                  │
 *        QueryDecoder (reads the datagram; FORMERR or drop, never a throw)┘
 *                 │
 *             Responder ── in cluster.local / a cluster IP's PTR ──► KubeZone ◄── ClusterRecords ◄── ClusterWatch
 *                 │                                                     (ListWatch: Services, EndpointSlices, Pods for autopath)
 *                 ├── anything else ──► Forwarder (ForwardCache; upstream down → SERVFAIL at once)
 *                 └──► Replies: the answer written in one pass into one buffer ──► datagram / TCP frame
 * </pre>
 *
 * Why this shape: every answer about the cluster comes from memory kept current by watches, so a
 * query costs a map lookup and no API call; the list-watches keep only keys, and each object is
 * reduced to the few fields DNS needs as it streams in, so memory stays near the size of the names
 * themselves. Neither a typed Kubernetes model nor a client library is loaded in a pod (it was
 * half the server's metaspace), and the hot path builds no codec objects.
 * Readiness (/ready on 8181) waits for the first full list, so a restarted server never answers
 * NXDOMAIN for a Service it has not heard of yet.
 */
package dev.podnet.dns;

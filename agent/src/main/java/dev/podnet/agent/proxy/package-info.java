/**
 * The service proxy: kube-proxy's nftables mode, per node, in table {@code ip podnet}.
 *
 * <pre>
 *  pod 10.244.0.5 / outside client via an LB IP (ARP answered by agent/lb) ──► node netns
 *    nat-prerouting ─► services ── ip daddr . l4proto . dport vmap @service-ips ─────────┐
 *                        └─ fib daddr type local: l4proto . dport vmap @service-nodeports ─┤
 *                                                                                          ▼
 *    pick-tcp-2 (shared by every tcp port with 2 endpoints):
 *        dnat ip to ip daddr . tcp dport . numgen random mod 2 map @endpoints-tcp
 *          endpoints-tcp: 10.96.0.20 . 80 . 0 : 10.244.2.7 . 8080, 10.96.0.20 . 80 . 1 : ...
 *    pick-external-tcp-2 / pick-nodeport-tcp-2 (externalIP, NodePort; eTP=Cluster):
 *        jump mark-for-masquerade, then the same lookup (NodePorts in @nodeport-endpoints-tcp)
 *
 *    ClientIP affinity or eTP=Local with external destinations keep kube-proxy's chains:
 *    external-H-ns/svc/tcp/p (eTP=Local: pods → all endpoints, node → masquerade, rest → local or, none here, drop)
 *        └─► service-H-ns/svc/tcp/p / local-H-…: dnat ip to numgen random mod N map { 0 : ip . port, ... }
 *            affinity: ip saddr @affinity-X goto endpoint-X ..., numgen random mod N vmap
 *            { 0 : goto endpoint-A, ... }; endpoint-H-…__10.244.2.7/8080: update @affinity-X, dnat to
 *    nat-postrouting: ct status dnat, saddr . daddr @hairpin (pod reached itself) → mark
 *                  ─► masquerading: mark 0x4000 set → masquerade fully-random
 *
 *    filter-prerouting (before DNAT): ct new ─► @firewall-ips (LB IP . proto . port, loadBalancerSourceRanges)
 *                                              → firewall-H-…: ip saddr != { ranges } drop
 *                                     ct new ─► @no-endpoint-services / @no-endpoint-nodeports
 *                                              → goto reject-chain (RST / port unreachable) or drop
 *    filter-*-post-dnat: ct new, daddr still @cluster-ips → reject (undefined port)
 *                        daddr still @load-balancer-ips, not a local address → reject (an LB IP
 *                        is no node address: unrejected, it would be routed back onto the LAN)
 * </pre>
 *
 * <p>Why this shape: dispatch and endpoint choice are map lookups, so the first packet costs the
 * same at 10 or 30,000 Services and at 2 or 200 endpoints. Chains are few because every
 * {@code nft} run lists every chain of the table before it writes: most Services own no chain at
 * all, only map elements, and the pick chains they share are counted by user. Each Service owns
 * its elements (and its chains, if any), so a change to it is a transaction of that Service's
 * lines only, diffed against what was applied (kept in memory; the kernel is read only to notice
 * drift every sync period). Masquerade only where the reply would otherwise miss this node:
 * hairpin, and external traffic with eTP=Cluster; a pod calling a ClusterIP keeps its own source
 * address.
 */
package dev.podnet.agent.proxy;

/**
 * The service proxy: kube-proxy's nftables mode, per node, in table {@code ip podnet}.
 *
 * <pre>
 *  pod 10.244.0.5 ──► node netns
 *    nat-prerouting ─► services ── ip daddr . l4proto . dport vmap @service-ips ─────────┐
 *                        └─ fib daddr type local: l4proto . dport vmap @service-nodeports ─┤
 *                                                                                          ▼
 *    external-H-ns/svc/tcp/p (NodePort, externalIP: mark for masquerade, or eTP=Local rules)
 *        └─► service-H-ns/svc/tcp/p ── numgen random mod 2 == 0 dnat to 10.244.2.7:8080   (cascade, N ≤ 8:
 *                                   └─ dnat to 10.244.3.4:8080                       rule i takes 1/(N-i))
 *            ClientIP affinity or N > 8: ip saddr @affinity-X goto endpoint-X, numgen random mod N vmap
 *            { 0: goto endpoint-A, ... }; endpoint-H-…__10.244.2.7/8080: update @affinity-X, dnat to
 *    nat-postrouting: ct status dnat, saddr . daddr @hairpin (pod reached itself) → mark
 *                  ─► masquerading: mark 0x4000 set → masquerade fully-random
 *
 *    filter-prerouting (before DNAT): ct new ─► @no-endpoint-services / @no-endpoint-nodeports
 *                                              → goto reject-chain (RST / port unreachable) or drop
 *    filter-*-post-dnat: ct new, daddr still @cluster-ips → reject (undefined port)
 * </pre>
 *
 * <p>Why this shape: dispatch and endpoint choice are single map lookups, so the first packet
 * costs the same at 10 or 10,000 Services (the endpoint pick is a few rules, not a per-Service
 * anonymous vmap: the kernel names those by scanning all sets, quadratic in Services). Chains
 * are few for the same reason of scale: every {@code nft} run lists every chain of the ruleset
 * before it writes, so a Service of two endpoints owns one chain, not three. Each Service owns its chains and map elements, so a
 * change to it is a transaction of that Service's lines only, diffed against what was applied
 * (kept in memory; the kernel is read only to notice drift every sync period). Masquerade only
 * where the reply would otherwise miss this node: hairpin, and external traffic with
 * eTP=Cluster; a pod calling a ClusterIP keeps its own source address.
 */
package dev.podnet.agent.proxy;

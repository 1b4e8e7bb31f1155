/**
 * The Linux adapters: the only package that runs {@code ip}, {@code bridge}, {@code sysctl},
 * {@code nsenter} or {@code unshare}.
 *
 * <pre>
 *   caller ── List&lt;IpCommand&gt; (typed, immutable) ──► Kernel.apply(netns, batch)
 *                                                    ├─ IpKernel:   ip -n NS -batch -   (bridge -batch for FDB)
 *                                                    └─ FakeKernel: same state in memory, dumps ip-style text
 * </pre>
 *
 * <p>Batches, because a process start costs more than the netlink work it does: one pod's host
 * side is one {@code ip} invocation. Failures name the request, the namespace and the tool's
 * words; deletes treat "not there" as success so every reconcile can be repeated.
 */
package dev.podnet.kernel;

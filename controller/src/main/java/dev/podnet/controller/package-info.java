/**
 * The control-plane controllers podnetd runs, each a Kubernetes controller in miniature.
 *
 * <pre>
 *   store ──watch──▶ Informer ──handler: enqueue key──▶ WorkQueue ──one worker──▶ sync(key) ──▶ store
 *
 *   Node ─────────────▶ NodeIpamController   spec.podCIDR(s): lowest free /24 of 10.244.0.0/16
 *   Pod (unbound) ────▶ Scheduler            spec.nodeName + PodScheduled, or PodScheduled=False Unschedulable
 *   ReplicaSet ───────▶ ReplicaSetController  pods &lt;rs&gt;-&lt;5 random&gt;, status counts
 *   Deployment ───────▶ DeploymentController  ReplicaSet &lt;deploy&gt;-&lt;pod-template-hash&gt;, RollingUpdate / Recreate
 *   owner gone ───────▶ GarbageCollector     dependents by ownerReference uid (background): ReplicaSets, pods, a Node's Lease and BGPStatus
 * </pre>
 *
 * <p>Why this shape: handlers only record, so an informer thread never blocks on a write, and a
 * burst of events for one key is one sync. Every sync reads what is, computes what should be and
 * writes only the difference, so repeating it (after a crash, a retry or a relist) changes
 * nothing. Controllers that count their own children (ReplicaSets, Deployments) read them from the
 * store at sync time rather than from the cache, which stands in for upstream's expectations.
 * {@link dev.podnet.controller.Controllers#start} builds them all on shared informers.
 */
package dev.podnet.controller;

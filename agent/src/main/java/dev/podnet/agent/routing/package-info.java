/**
 * Pod-to-pod across nodes: every node's pod CIDR reachable from every other node, without NAT.
 *
 * <pre>
 *   node events ──► RoutingAgent (records, coalesces, periodic resync)
 *                       │
 *                       ▼
 *   RoutingBackend.planFor(self, peer) ─► PeerPlan{routes, neighbors, fdb}   (pure)
 *                       │
 *                       ▼
 *   RoutingReconciler.sync: read node ─► diff ─► one batch:
 *        fdb + neighbors ─► routes (proto 77) ─► stale routes ─► stale neighbors/fdb
 * </pre>
 *
 * <p>One reconciler for all backends, as flannel has one lease loop: a backend never writes to
 * the kernel itself, so adding one (BGP) is a new plan function, and drift repair, stale removal
 * and ordering are written once. podnet's routes carry protocol 77, which is how the reconciler
 * tells them from the kernel's and an operator's and never touches the latter.
 */
package dev.podnet.agent.routing;

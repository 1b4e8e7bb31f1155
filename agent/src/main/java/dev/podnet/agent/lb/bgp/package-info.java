/**
 * LoadBalancer announcement over BGP: MetalLB's BGP mode, one
 * {@link dev.podnet.agent.lb.bgp.BgpAnnouncer} per node, one session per BGPPeer selecting it.
 *
 * <pre>
 *  node-1 172.18.0.2 ──┐ OPEN AS 64512, UPDATE 10.250.0.1/32 next hop 172.18.0.2
 *  node-2 172.18.0.3 ──┼──► edge router 172.18.0.253 (AS 64500, BIRD)
 *  node-3 172.18.0.4 ──┘      10.250.0.1 proto bird nexthop via .2 / .3 / .4  (ECMP)
 *  routed client 198.51.100.2 → 10.250.0.1:80 ─► the router hashes the flow to node-k
 *    ─► node-k eth0 ─► nat-prerouting (agent/proxy) ─► DNAT to a pod
 *    reply: node-k ─► 198.51.100.0/24 via 172.18.0.253 ─► the client
 *
 *  eTP=Local: only nodes with a ready endpoint send the UPDATE; the proxy keeps the client's source.
 *  node-3 fails: its session's hold timer ends at the router ─► node-3's next hop goes.
 * </pre>
 *
 * <p>Why this shape: the plan is pure ({@link dev.podnet.agent.lb.bgp.BgpLbPlan}) and every node
 * computes only its own part, so nodes need no coordination; the router does the spreading. Each
 * peer gets its own dial-out speaker: no port 179 shared with the bgp routing backend, every
 * routing backend supported, and per-peer attributes are simply what that speaker originates.
 */
package dev.podnet.agent.lb.bgp;

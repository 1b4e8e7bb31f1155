/**
 * A BGP-4 speaker for podnet's node agents: the routing backend {@code bgp} announces each
 * node's pod CIDR to the other nodes, and the LoadBalancer announcer announces LB IPs to an edge
 * router.
 *
 * <pre>
 *   BgpSpeaker.originate ─► LocRib ◄─ AdjRibIn ◄─ Peer (FSM, timers) ◄─ FrameCodec ◄─ TCP :179
 *                             │                                           ▲
 *                             ├─► RouteListener (kernel routes)           │
 *                             └─► AdjRibOut (export rules, policy) ─► UPDATEs
 * </pre>
 *
 * <p>Why in Java and not a sidecar BIRD: the agent already knows every node and CIDR from the
 * API; embedding the speaker keeps one source of truth, one process to restart, and lets graceful
 * restart line up with the agent's own restart (routes stay in the kernel while the agent is
 * away). Every piece of state lives on one event-loop thread, so there are no locks; the public
 * methods hand their work to that thread.
 *
 * <p>Error handling follows RFC 7606: an UPDATE whose framing cannot be trusted ends the session
 * with the NOTIFICATION RFC 4271 names; a malformed attribute only withdraws that UPDATE's
 * prefixes (or is dropped alone), so one bad route cannot flap a whole session.
 */
package dev.podnet.bgp;

/**
 * LoadBalancer announcement: MetalLB's layer-2 mode, one {@link dev.podnet.agent.lb.Announcer} per node.
 *
 * <pre>
 *  outside 172.18.0.254: who-has 172.18.255.200? ──► lan0 (broadcast to every node)
 *    node-2 (elected): its agent's AF_PACKET socket on eth0 reads it ─► "is-at node-2's eth0 MAC"
 *    node-1, node-3: not held by their agents, not an address of their kernels ─► silent
 *  outside → 172.18.255.200:80 ─► node-2 eth0 ─► nat-prerouting (agent/proxy) ─► DNAT to a pod
 *    (the IP is nobody's address: DNAT happens before routing, the packet is forwarded)
 *
 *  an IPv6 LB IP: the same, by NDP ─ neighbor solicitation for fd00::200 to ff02::1:ff00:200
 *    ─► node-2's agent (a second AF_PACKET socket) ─► solicited advertisement, node-2's MAC
 *
 *  node-2's agent dies (kill -9): the kernel closes its socket ─► nobody answers for the IP;
 *    node-2's kernel keeps forwarding for clients that still point at it (rules outlive the agent)
 *    its liveness probes (UDP 7946, every 100 ms) go unanswered: node-1/3 see it dead after 500 ms
 *      ─► re-elect: node-3's agent answers for the IP and sends gratuitous ARP (IPv6: unsolicited NA)
 *      ─► "172.18.255.200 is-at node-3": the outside client's neighbor entry moves
 * </pre>
 *
 * <p>Why this shape: every node runs the same pure election ({@link dev.podnet.agent.lb.L2Election},
 * first of the eligible nodes by sha256(node#ip), as MetalLB) on the same objects, so one node
 * claims each IP without coordination. The claim is the agent's, not the kernel's: an address on
 * {@code lo} (the earlier design) made the kernel answer ARP, and kept it answering after the
 * agent died, while a peer took over: two nodes answered. Answering from user space, as MetalLB's
 * speaker does, ties the claim to the process that decided it; an agent starting removes any such
 * {@code lo} address an older version left ({@link dev.podnet.agent.lb.LegacyClaims}). Liveness
 * comes from Node Ready and, much faster, from peer probes ({@link dev.podnet.agent.lb.PeerLiveness}):
 * a lease expires in tens of seconds, the goal is a failover under two.
 */
package dev.podnet.agent.lb;

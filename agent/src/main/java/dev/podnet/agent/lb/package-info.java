/**
 * LoadBalancer announcement: MetalLB's layer-2 mode, one {@link dev.podnet.agent.lb.Announcer} per node.
 *
 * <pre>
 *  outside 172.18.0.254: who-has 172.18.255.200? ──► lan0 (broadcast to every node)
 *    node-2 (elected): 172.18.255.200/32 on lo ─► its kernel replies "is-at node-2's eth0 MAC"
 *    node-1, node-3: no such address ─► silent
 *  outside → 172.18.255.200:80 ─► node-2 eth0 ─► nat-prerouting (agent/proxy) ─► DNAT to a pod
 *
 *  node-2 stops answering liveness probes (UDP 7946, every 100 ms):
 *    node-1/3 see it dead after 500 ms ─► re-elect: node-3 adds the /32 on lo
 *      ─► arping -U: "172.18.255.200 is-at node-3" ─► the outside client's neighbor entry moves
 * </pre>
 *
 * <p>Why this shape: every node runs the same pure election ({@link dev.podnet.agent.lb.L2Election},
 * first of the eligible nodes by sha256(node#ip), as MetalLB) on the same objects, so one node
 * claims each IP without coordination. Claiming is a host address: the kernel then answers ARP
 * itself, at kernel speed and with no userspace responder to keep alive, and only the node
 * holding the address answers. Liveness comes from Node Ready and, much faster, from peer probes
 * ({@link dev.podnet.agent.lb.PeerLiveness}): a lease expires in tens of seconds, the goal is a
 * failover under two.
 */
package dev.podnet.agent.lb;
